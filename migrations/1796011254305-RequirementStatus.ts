import { MigrationInterface, QueryRunner } from 'typeorm';

export class RequirementStatus1796011254305 implements MigrationInterface {
  name = 'RequirementStatus1796011254305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "requirement_status" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "requirement_urn" text NOT NULL, "status" text NOT NULL, "justification" text NOT NULL, "owner_id" uuid, "stated_by_type" text NOT NULL, "stated_by_id" uuid, "stated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fedd26454a7ba498924dd2438a5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b488ca89670f71d1e2332a8621" ON "requirement_status"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_4afed962d2e1a580efc6142249" ON "requirement_status"  ("organisation_id", "requirement_urn") ',
    );
    await queryRunner.query(
      'ALTER TABLE "requirement_status" ADD CONSTRAINT "FK_b488ca89670f71d1e2332a86217" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "requirement_status" DROP CONSTRAINT "FK_b488ca89670f71d1e2332a86217"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_4afed962d2e1a580efc6142249"');
    await queryRunner.query('DROP INDEX "public"."IDX_b488ca89670f71d1e2332a8621"');
    await queryRunner.query('DROP TABLE "requirement_status"');
  }
}
