import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795316529150 implements MigrationInterface {
  name = 'Init1795316529150';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "rate_limit_bucket" ("key" text NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_297f92caac7bd103dfaf6d95490" PRIMARY KEY ("key", "window_start"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_chain_head" ("organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_a137a41fd550277bc44f6ac8f68" PRIMARY KEY ("organisation_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "actor_type" text NOT NULL, "actor_id" uuid, "request_id" text, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "changes" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_47dea4df898583840e76103abb" ON "audit_event"  ("organisation_id", "occurred_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_6b97b0ce3afe9f0a182069cf32" ON "audit_event"  ("organisation_id", "actor_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_bbe30c248d8cc7cf5b6b00e11b" ON "audit_event"  ("organisation_id", "entity_type", "entity_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_7aa032add80dd1b1bfff73c764" ON "audit_event"  ("organisation_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "type" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP(3) WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b0401b512411ff2006e47d2d5f" ON "outbox_event"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_event_pending_idx" ON "outbox_event"  ("created_at") WHERE published_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "role" text NOT NULL, "prefix" text NOT NULL, "secret_hash" character(64) NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_user_id" uuid, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_656bf45bf240ad0a5aced63ae5" ON "api_key"  ("organisation_id") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_c4f6ccad30c0862eb54af9fb0a" ON "api_key"  ("prefix") ');
    await queryRunner.query(
      'CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_56a0e4bcec2b5411beafa47ffa" ON "user_account"  ("email") ',
    );
    await queryRunner.query(
      'CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "email" text NOT NULL, "role" text NOT NULL, "status" text NOT NULL DEFAULT \'ACTIVE\', "expires_at" TIMESTAMP(3) WITH TIME ZONE, "invitation_token_hash" character(64), "invitation_expires_at" TIMESTAMP(3) WITH TIME ZONE, "invited_by_user_id" uuid, CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_be659e88cd5ed71eef6d4122aa" ON "membership"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_823248df040483e72cc61d9e0d" ON "membership"  ("invitation_token_hash") WHERE invitation_token_hash IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_aed9651cebd311fa6e7d7758e0" ON "membership"  ("organisation_id", "email") ',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_chain_head" ADD CONSTRAINT "FK_a137a41fd550277bc44f6ac8f68" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_event" ADD CONSTRAINT "FK_65698017376224f2fceed532582" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "outbox_event" ADD CONSTRAINT "FK_2b701ec04c52e99dc1be2bb67b8" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_key" ADD CONSTRAINT "FK_656bf45bf240ad0a5aced63ae53" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership" ADD CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership" ADD CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Audit events are append-only (docs/domain-rules.md#audit-trail-and-outbox): refuse UPDATE and DELETE at the database too.
    await queryRunner.query(
      `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_event_append_only ON "audit_event"');
    await queryRunner.query('DROP FUNCTION audit_event_append_only()');
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d"');
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac"');
    await queryRunner.query('ALTER TABLE "api_key" DROP CONSTRAINT "FK_656bf45bf240ad0a5aced63ae53"');
    await queryRunner.query('ALTER TABLE "outbox_event" DROP CONSTRAINT "FK_2b701ec04c52e99dc1be2bb67b8"');
    await queryRunner.query('ALTER TABLE "audit_event" DROP CONSTRAINT "FK_65698017376224f2fceed532582"');
    await queryRunner.query(
      'ALTER TABLE "audit_chain_head" DROP CONSTRAINT "FK_a137a41fd550277bc44f6ac8f68"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_aed9651cebd311fa6e7d7758e0"');
    await queryRunner.query('DROP INDEX "public"."IDX_823248df040483e72cc61d9e0d"');
    await queryRunner.query('DROP INDEX "public"."IDX_be659e88cd5ed71eef6d4122aa"');
    await queryRunner.query('DROP TABLE "membership"');
    await queryRunner.query('DROP INDEX "public"."IDX_56a0e4bcec2b5411beafa47ffa"');
    await queryRunner.query('DROP TABLE "user_account"');
    await queryRunner.query('DROP INDEX "public"."IDX_c4f6ccad30c0862eb54af9fb0a"');
    await queryRunner.query('DROP INDEX "public"."IDX_656bf45bf240ad0a5aced63ae5"');
    await queryRunner.query('DROP TABLE "api_key"');
    await queryRunner.query('DROP INDEX "public"."outbox_event_pending_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_b0401b512411ff2006e47d2d5f"');
    await queryRunner.query('DROP TABLE "outbox_event"');
    await queryRunner.query('DROP INDEX "public"."IDX_7aa032add80dd1b1bfff73c764"');
    await queryRunner.query('DROP INDEX "public"."IDX_bbe30c248d8cc7cf5b6b00e11b"');
    await queryRunner.query('DROP INDEX "public"."IDX_6b97b0ce3afe9f0a182069cf32"');
    await queryRunner.query('DROP INDEX "public"."IDX_47dea4df898583840e76103abb"');
    await queryRunner.query('DROP TABLE "audit_event"');
    await queryRunner.query('DROP TABLE "audit_chain_head"');
    await queryRunner.query('DROP TABLE "rate_limit_bucket"');
    await queryRunner.query('DROP TABLE "organisation"');
  }
}
