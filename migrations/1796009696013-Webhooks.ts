import { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1796009696013 implements MigrationInterface {
  name = 'Webhooks1796009696013';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_endpoint" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "url" text NOT NULL, "description" text, "event_types" text array NOT NULL DEFAULT \'{}\', "enabled" boolean NOT NULL DEFAULT true, "secret_sealed" text NOT NULL, "previous_secret_sealed" text, "previous_secret_expires_at" TIMESTAMP(3) WITH TIME ZONE, "failing_since" TIMESTAMP(3) WITH TIME ZONE, "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "disabled_reason" text, CONSTRAINT "PK_6c98112122b2b8a4f3984d2efa8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_6ef3d9cffbc5f80f0fb870e680" ON "webhook_endpoint"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "body" text NOT NULL, "status" text NOT NULL DEFAULT \'PENDING\', "attempts_in_round" integer NOT NULL DEFAULT \'0\', "attempt_count" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "last_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "last_status_code" integer, "last_error" text, CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f5179c6c1e735a0d05e260ac16" ON "webhook_delivery"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery"  ("next_attempt_at") WHERE status = \'PENDING\'',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_list_idx" ON "webhook_delivery"  ("organisation_id", "endpoint_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "webhook_delivery_once_idx" ON "webhook_delivery"  ("endpoint_id", "event_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "delivery_id" uuid NOT NULL, "attempted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status_code" integer, "latency_ms" integer NOT NULL, "response_body" text, "error" text, CONSTRAINT "PK_e4ff77b66cdd20591ba6189a1f9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d3665cbebb0b6779084e5fbcc1" ON "webhook_attempt"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_attempt_delivery_idx" ON "webhook_attempt"  ("delivery_id", "attempted_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "FK_6ef3d9cffbc5f80f0fb870e6808" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_f5179c6c1e735a0d05e260ac16a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_f53f5aec02217a54927b13e39d9" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_attempt" ADD CONSTRAINT "FK_d3665cbebb0b6779084e5fbcc14" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_attempt" ADD CONSTRAINT "FK_d7ed48c4841159bfd6bdee166ea" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "webhook_attempt" DROP CONSTRAINT "FK_d7ed48c4841159bfd6bdee166ea"');
    await queryRunner.query('ALTER TABLE "webhook_attempt" DROP CONSTRAINT "FK_d3665cbebb0b6779084e5fbcc14"');
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_f53f5aec02217a54927b13e39d9"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_f5179c6c1e735a0d05e260ac16a"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_endpoint" DROP CONSTRAINT "FK_6ef3d9cffbc5f80f0fb870e6808"',
    );
    await queryRunner.query('DROP INDEX "public"."webhook_attempt_delivery_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_d3665cbebb0b6779084e5fbcc1"');
    await queryRunner.query('DROP TABLE "webhook_attempt"');
    await queryRunner.query('DROP INDEX "public"."webhook_delivery_once_idx"');
    await queryRunner.query('DROP INDEX "public"."webhook_delivery_list_idx"');
    await queryRunner.query('DROP INDEX "public"."webhook_delivery_due_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_f5179c6c1e735a0d05e260ac16"');
    await queryRunner.query('DROP TABLE "webhook_delivery"');
    await queryRunner.query('DROP INDEX "public"."IDX_6ef3d9cffbc5f80f0fb870e680"');
    await queryRunner.query('DROP TABLE "webhook_endpoint"');
  }
}
