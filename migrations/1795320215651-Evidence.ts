import { MigrationInterface, QueryRunner } from 'typeorm';

export class Evidence1795320215651 implements MigrationInterface {
  name = 'Evidence1795320215651';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "evidence_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "description" text, "kind" text NOT NULL, "owner_id" uuid, "state" text NOT NULL, "collected_at" TIMESTAMP(3) WITH TIME ZONE, "valid_from" TIMESTAMP(3) WITH TIME ZONE, "valid_until" TIMESTAMP(3) WITH TIME ZONE, "collection_frequency_days" integer, "version_count" integer NOT NULL DEFAULT \'0\', "current_version_id" uuid, "submitted_version_id" uuid, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "accepted_version_id" uuid, "accepted_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_type" text NOT NULL, "created_by_id" uuid, CONSTRAINT "PK_713a8fb860346eb2a9cb6dd5842" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b45f163115435fa9820e7a1a93" ON "evidence_item"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "evidence_item_valid_until_idx" ON "evidence_item"  ("valid_until") WHERE valid_until IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_6dc0871519dbcc73c43f7e15ec" ON "evidence_item"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "evidence_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "evidence_item_id" uuid NOT NULL, "target_type" text NOT NULL, "target_id" text NOT NULL, CONSTRAINT "PK_2ba79badd83902cc99f713f1d33" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_8e12c35bb26ea457ba91953a73" ON "evidence_link"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_0ead99ea43f275cf63811ffd6c" ON "evidence_link"  ("organisation_id", "target_type", "target_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_5f1eab2e0174076778d66f1621" ON "evidence_link"  ("evidence_item_id", "target_type", "target_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "evidence_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "evidence_item_id" uuid NOT NULL, "number" integer NOT NULL, "sha256" character(64), "size_bytes" bigint, "media_type" text, "original_name" text, "url" text, "uploaded_by_type" text NOT NULL, "uploaded_by_id" uuid, "uploaded_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "upload_id" uuid, CONSTRAINT "PK_10e4a92a8dcdf201c59cd37fa7d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f6bc1bcc2f7dfd426f1b84bc79" ON "evidence_version"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_9680c2fbbd32fa067179e771a8" ON "evidence_version"  ("upload_id") WHERE upload_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_810cb90085eccafb9d3906ad5d" ON "evidence_version"  ("evidence_item_id", "number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "evidence_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "evidence_item_id" uuid NOT NULL, "version_id" uuid NOT NULL, "decision" text NOT NULL, "comment" text, "reviewer_type" text NOT NULL, "reviewer_id" uuid, "reviewed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "valid_from" TIMESTAMP(3) WITH TIME ZONE, "valid_until" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_8d9bf85d7456cc74eefd0a7d765" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_cb3aa46d1700953da1e26ec269" ON "evidence_review"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_6b3814675b08dd1ec6c0ce0c13" ON "evidence_review"  ("evidence_item_id", "reviewed_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "evidence_upload" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "evidence_item_id" uuid NOT NULL, "media_type" text NOT NULL, "original_name" text NOT NULL, "validity" jsonb, "issued_to_type" text NOT NULL, "issued_to_id" uuid, "issued_to_role" text NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP(3) WITH TIME ZONE, "version_id" uuid, CONSTRAINT "PK_e6c5e379f417226a45ff28bea0f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_8b3f07770199247ef201cea2f7" ON "evidence_upload"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_85ea4ddf52c94ff17d562e0539" ON "evidence_upload"  ("evidence_item_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_item" ADD CONSTRAINT "FK_b45f163115435fa9820e7a1a932" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_8e12c35bb26ea457ba91953a738" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_b38f2770bfa9c81c4e17622bbf1" FOREIGN KEY ("evidence_item_id") REFERENCES "evidence_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_version" ADD CONSTRAINT "FK_f6bc1bcc2f7dfd426f1b84bc79c" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_version" ADD CONSTRAINT "FK_9cb2fa948f860579c3c51a0f239" FOREIGN KEY ("evidence_item_id") REFERENCES "evidence_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_review" ADD CONSTRAINT "FK_cb3aa46d1700953da1e26ec2693" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_review" ADD CONSTRAINT "FK_99a6f916e485019d4dbfdee55f6" FOREIGN KEY ("evidence_item_id") REFERENCES "evidence_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_review" ADD CONSTRAINT "FK_e2fa3faaa6f00b1bd906082b65a" FOREIGN KEY ("version_id") REFERENCES "evidence_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_upload" ADD CONSTRAINT "FK_8b3f07770199247ef201cea2f7b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_upload" ADD CONSTRAINT "FK_85ea4ddf52c94ff17d562e05391" FOREIGN KEY ("evidence_item_id") REFERENCES "evidence_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Versions and review decisions are immutable (docs/domain-rules.md#evidence: accepted versions are never modified or deleted):
    // the database refuses UPDATE and DELETE too.
    await queryRunner.query(
      `CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER evidence_version_append_only BEFORE UPDATE OR DELETE ON "evidence_version" FOR EACH ROW EXECUTE FUNCTION evidence_append_only()',
    );
    await queryRunner.query(
      'CREATE TRIGGER evidence_review_append_only BEFORE UPDATE OR DELETE ON "evidence_review" FOR EACH ROW EXECUTE FUNCTION evidence_append_only()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER evidence_review_append_only ON "evidence_review"');
    await queryRunner.query('DROP TRIGGER evidence_version_append_only ON "evidence_version"');
    await queryRunner.query('DROP FUNCTION evidence_append_only()');
    await queryRunner.query('ALTER TABLE "evidence_upload" DROP CONSTRAINT "FK_85ea4ddf52c94ff17d562e05391"');
    await queryRunner.query('ALTER TABLE "evidence_upload" DROP CONSTRAINT "FK_8b3f07770199247ef201cea2f7b"');
    await queryRunner.query('ALTER TABLE "evidence_review" DROP CONSTRAINT "FK_e2fa3faaa6f00b1bd906082b65a"');
    await queryRunner.query('ALTER TABLE "evidence_review" DROP CONSTRAINT "FK_99a6f916e485019d4dbfdee55f6"');
    await queryRunner.query('ALTER TABLE "evidence_review" DROP CONSTRAINT "FK_cb3aa46d1700953da1e26ec2693"');
    await queryRunner.query(
      'ALTER TABLE "evidence_version" DROP CONSTRAINT "FK_9cb2fa948f860579c3c51a0f239"',
    );
    await queryRunner.query(
      'ALTER TABLE "evidence_version" DROP CONSTRAINT "FK_f6bc1bcc2f7dfd426f1b84bc79c"',
    );
    await queryRunner.query('ALTER TABLE "evidence_link" DROP CONSTRAINT "FK_b38f2770bfa9c81c4e17622bbf1"');
    await queryRunner.query('ALTER TABLE "evidence_link" DROP CONSTRAINT "FK_8e12c35bb26ea457ba91953a738"');
    await queryRunner.query('ALTER TABLE "evidence_item" DROP CONSTRAINT "FK_b45f163115435fa9820e7a1a932"');
    await queryRunner.query('DROP INDEX "public"."IDX_85ea4ddf52c94ff17d562e0539"');
    await queryRunner.query('DROP INDEX "public"."IDX_8b3f07770199247ef201cea2f7"');
    await queryRunner.query('DROP TABLE "evidence_upload"');
    await queryRunner.query('DROP INDEX "public"."IDX_6b3814675b08dd1ec6c0ce0c13"');
    await queryRunner.query('DROP INDEX "public"."IDX_cb3aa46d1700953da1e26ec269"');
    await queryRunner.query('DROP TABLE "evidence_review"');
    await queryRunner.query('DROP INDEX "public"."IDX_810cb90085eccafb9d3906ad5d"');
    await queryRunner.query('DROP INDEX "public"."IDX_9680c2fbbd32fa067179e771a8"');
    await queryRunner.query('DROP INDEX "public"."IDX_f6bc1bcc2f7dfd426f1b84bc79"');
    await queryRunner.query('DROP TABLE "evidence_version"');
    await queryRunner.query('DROP INDEX "public"."IDX_5f1eab2e0174076778d66f1621"');
    await queryRunner.query('DROP INDEX "public"."IDX_0ead99ea43f275cf63811ffd6c"');
    await queryRunner.query('DROP INDEX "public"."IDX_8e12c35bb26ea457ba91953a73"');
    await queryRunner.query('DROP TABLE "evidence_link"');
    await queryRunner.query('DROP INDEX "public"."IDX_6dc0871519dbcc73c43f7e15ec"');
    await queryRunner.query('DROP INDEX "public"."evidence_item_valid_until_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_b45f163115435fa9820e7a1a93"');
    await queryRunner.query('DROP TABLE "evidence_item"');
  }
}
