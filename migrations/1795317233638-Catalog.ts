import { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1795317233638 implements MigrationInterface {
  name = 'Catalog1795317233638';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "framework" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "urn" text NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "short_name" text, "version" text NOT NULL, "publisher" text, "provenance" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_413064c9a2fb226f0d933712883" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_882f7c823cdfc98051017d8e3e" ON "framework"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "framework_private_slug_key" ON "framework"  ("organisation_id", "slug") WHERE organisation_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "framework_built_in_slug_key" ON "framework"  ("slug") WHERE organisation_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "framework_private_urn_key" ON "framework"  ("organisation_id", "urn") WHERE organisation_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "framework_built_in_urn_key" ON "framework"  ("urn") WHERE organisation_id IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "mapping_set" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "urn" text NOT NULL, "name" text NOT NULL, "source_framework_id" uuid NOT NULL, "target_framework_id" uuid NOT NULL, "provenance" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_28b2ee01c9d19fbd338b7c92f60" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1fd12f8111c62dd70d4cc6a8b2" ON "mapping_set"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_30397f2cd5ac51cd86badf4dff" ON "mapping_set"  ("source_framework_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5b60127e2569f0ceb1817f866a" ON "mapping_set"  ("target_framework_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "mapping_set_private_urn_key" ON "mapping_set"  ("organisation_id", "urn") WHERE organisation_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "mapping_set_built_in_urn_key" ON "mapping_set"  ("urn") WHERE organisation_id IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "requirement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "framework_id" uuid NOT NULL, "parent_id" uuid, "ancestor_ids" uuid array NOT NULL DEFAULT \'{}\', "depth" integer NOT NULL, "position" integer NOT NULL, "urn" text NOT NULL, "ref_id" text NOT NULL, "title" text NOT NULL, "title_zh" text, "description" text, "kind" text NOT NULL, "assessable" boolean NOT NULL, "pdca_phase" text, "secondary" boolean NOT NULL DEFAULT false, "retired_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e3278ee8e2094dd0f10a4aec62" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_960644df1a9888bcd479bebd61" ON "requirement"  ("organisation_id") ',
    );
    await queryRunner.query('CREATE INDEX "IDX_0a6f658114521fec9a404e1994" ON "requirement"  ("parent_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_94eb795083acf4becadd8d182f" ON "requirement"  ("framework_id", "position") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "requirement_private_urn_key" ON "requirement"  ("organisation_id", "urn") WHERE organisation_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "requirement_built_in_urn_key" ON "requirement"  ("urn") WHERE organisation_id IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "mapping" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "mapping_set_id" uuid NOT NULL, "source_requirement_id" uuid NOT NULL, "target_requirement_id" uuid NOT NULL, "relationship" text NOT NULL, "rationale" text, "strength" double precision, "position" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63215a5148ef25e4bd227cd1bdf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_2d5f4d29aded163d72f3ac9570" ON "mapping"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3dae5d674f423a290dc6efcde7" ON "mapping"  ("source_requirement_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a4855d33e77007f8a9efb76620" ON "mapping"  ("target_requirement_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_869c924b5e2baccf61347c557d" ON "mapping"  ("mapping_set_id", "source_requirement_id", "target_requirement_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "framework" ADD CONSTRAINT "FK_882f7c823cdfc98051017d8e3eb" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping_set" ADD CONSTRAINT "FK_1fd12f8111c62dd70d4cc6a8b20" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping_set" ADD CONSTRAINT "FK_30397f2cd5ac51cd86badf4dff2" FOREIGN KEY ("source_framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping_set" ADD CONSTRAINT "FK_5b60127e2569f0ceb1817f866a7" FOREIGN KEY ("target_framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requirement" ADD CONSTRAINT "FK_960644df1a9888bcd479bebd613" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requirement" ADD CONSTRAINT "FK_a88ff44ddbc87d7ccc22ff83108" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requirement" ADD CONSTRAINT "FK_0a6f658114521fec9a404e1994b" FOREIGN KEY ("parent_id") REFERENCES "requirement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping" ADD CONSTRAINT "FK_2d5f4d29aded163d72f3ac95703" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping" ADD CONSTRAINT "FK_1705e141433a5f34016007e1cec" FOREIGN KEY ("mapping_set_id") REFERENCES "mapping_set"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping" ADD CONSTRAINT "FK_3dae5d674f423a290dc6efcde7e" FOREIGN KEY ("source_requirement_id") REFERENCES "requirement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mapping" ADD CONSTRAINT "FK_a4855d33e77007f8a9efb766205" FOREIGN KEY ("target_requirement_id") REFERENCES "requirement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mapping" DROP CONSTRAINT "FK_a4855d33e77007f8a9efb766205"');
    await queryRunner.query('ALTER TABLE "mapping" DROP CONSTRAINT "FK_3dae5d674f423a290dc6efcde7e"');
    await queryRunner.query('ALTER TABLE "mapping" DROP CONSTRAINT "FK_1705e141433a5f34016007e1cec"');
    await queryRunner.query('ALTER TABLE "mapping" DROP CONSTRAINT "FK_2d5f4d29aded163d72f3ac95703"');
    await queryRunner.query('ALTER TABLE "requirement" DROP CONSTRAINT "FK_0a6f658114521fec9a404e1994b"');
    await queryRunner.query('ALTER TABLE "requirement" DROP CONSTRAINT "FK_a88ff44ddbc87d7ccc22ff83108"');
    await queryRunner.query('ALTER TABLE "requirement" DROP CONSTRAINT "FK_960644df1a9888bcd479bebd613"');
    await queryRunner.query('ALTER TABLE "mapping_set" DROP CONSTRAINT "FK_5b60127e2569f0ceb1817f866a7"');
    await queryRunner.query('ALTER TABLE "mapping_set" DROP CONSTRAINT "FK_30397f2cd5ac51cd86badf4dff2"');
    await queryRunner.query('ALTER TABLE "mapping_set" DROP CONSTRAINT "FK_1fd12f8111c62dd70d4cc6a8b20"');
    await queryRunner.query('ALTER TABLE "framework" DROP CONSTRAINT "FK_882f7c823cdfc98051017d8e3eb"');
    await queryRunner.query('DROP INDEX "public"."IDX_869c924b5e2baccf61347c557d"');
    await queryRunner.query('DROP INDEX "public"."IDX_a4855d33e77007f8a9efb76620"');
    await queryRunner.query('DROP INDEX "public"."IDX_3dae5d674f423a290dc6efcde7"');
    await queryRunner.query('DROP INDEX "public"."IDX_2d5f4d29aded163d72f3ac9570"');
    await queryRunner.query('DROP TABLE "mapping"');
    await queryRunner.query('DROP INDEX "public"."requirement_built_in_urn_key"');
    await queryRunner.query('DROP INDEX "public"."requirement_private_urn_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_94eb795083acf4becadd8d182f"');
    await queryRunner.query('DROP INDEX "public"."IDX_0a6f658114521fec9a404e1994"');
    await queryRunner.query('DROP INDEX "public"."IDX_960644df1a9888bcd479bebd61"');
    await queryRunner.query('DROP TABLE "requirement"');
    await queryRunner.query('DROP INDEX "public"."mapping_set_built_in_urn_key"');
    await queryRunner.query('DROP INDEX "public"."mapping_set_private_urn_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_5b60127e2569f0ceb1817f866a"');
    await queryRunner.query('DROP INDEX "public"."IDX_30397f2cd5ac51cd86badf4dff"');
    await queryRunner.query('DROP INDEX "public"."IDX_1fd12f8111c62dd70d4cc6a8b2"');
    await queryRunner.query('DROP TABLE "mapping_set"');
    await queryRunner.query('DROP INDEX "public"."framework_built_in_urn_key"');
    await queryRunner.query('DROP INDEX "public"."framework_private_urn_key"');
    await queryRunner.query('DROP INDEX "public"."framework_built_in_slug_key"');
    await queryRunner.query('DROP INDEX "public"."framework_private_slug_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_882f7c823cdfc98051017d8e3e"');
    await queryRunner.query('DROP TABLE "framework"');
  }
}
