import { MigrationInterface, QueryRunner } from 'typeorm';

export class ExportJobsAndPackSigningKeys1796009745911 implements MigrationInterface {
  name = 'ExportJobsAndPackSigningKeys1796009745911';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "export_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL, "progress" integer NOT NULL DEFAULT \'0\', "phase" text, "requested_by_type" text NOT NULL, "requested_by_id" uuid, "cycle_id" uuid NOT NULL, "framework_urns" text array NOT NULL, "period_start" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "as_of" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "include_evidence_files" boolean NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "error" text, "pack_sha256" text, "pack_size" bigint, "file_count" integer, "manifest_sha256" text, "key_id" text, "pack_removed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a24f37fad5618775ff28a950c9" ON "export_job"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "export_job_retention_idx" ON "export_job"  ("completed_at") WHERE status = \'COMPLETED\' AND pack_removed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "export_job_list_idx" ON "export_job"  ("organisation_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "pack_signing_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "key_id" text NOT NULL, "public_key_pem" text NOT NULL, "sealed_private_key" text NOT NULL, "retired_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_f9f4e2727c4fea0247eaee966ca" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_cbda7e6534ab5a45ae39fa0647" ON "pack_signing_key"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "pack_signing_key_key_id_idx" ON "pack_signing_key"  ("key_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "pack_signing_key_active_idx" ON "pack_signing_key"  ("organisation_id") WHERE retired_at IS NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "export_job" ADD CONSTRAINT "FK_a24f37fad5618775ff28a950c91" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "pack_signing_key" ADD CONSTRAINT "FK_cbda7e6534ab5a45ae39fa06479" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "pack_signing_key" DROP CONSTRAINT "FK_cbda7e6534ab5a45ae39fa06479"',
    );
    await queryRunner.query('ALTER TABLE "export_job" DROP CONSTRAINT "FK_a24f37fad5618775ff28a950c91"');
    await queryRunner.query('DROP INDEX "public"."pack_signing_key_active_idx"');
    await queryRunner.query('DROP INDEX "public"."pack_signing_key_key_id_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_cbda7e6534ab5a45ae39fa0647"');
    await queryRunner.query('DROP TABLE "pack_signing_key"');
    await queryRunner.query('DROP INDEX "public"."export_job_list_idx"');
    await queryRunner.query('DROP INDEX "public"."export_job_retention_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_a24f37fad5618775ff28a950c9"');
    await queryRunner.query('DROP TABLE "export_job"');
  }
}
