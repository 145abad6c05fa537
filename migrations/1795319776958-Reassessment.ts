import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reassessment1795319776958 implements MigrationInterface {
  name = 'Reassessment1795319776958';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "reassessment_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "threshold_days" integer NOT NULL DEFAULT \'0\', "status" text NOT NULL DEFAULT \'OPEN\', "assignee_id" uuid, "escalated_at" TIMESTAMP(3) WITH TIME ZONE, "escalated_to" uuid array NOT NULL DEFAULT \'{}\', "completed_at" TIMESTAMP(3) WITH TIME ZONE, "completed_by_type" text, "completed_by_id" uuid, "note" text, CONSTRAINT "PK_6ecd9dd33105a2ba6685582a6cc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3d7e13fe39f28c46cf0dbdc469" ON "reassessment_task"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "reassessment_task_escalation_idx" ON "reassessment_task"  ("due_at", "id") WHERE status = \'OPEN\' AND escalated_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "reassessment_task_list_idx" ON "reassessment_task"  ("organisation_id", "due_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "reassessment_task_once_idx" ON "reassessment_task"  ("organisation_id", "subject_type", "subject_id", "kind", "due_at", "threshold_days") ',
    );
    await queryRunner.query(
      'ALTER TABLE "reassessment_task" ADD CONSTRAINT "FK_3d7e13fe39f28c46cf0dbdc4697" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "reassessment_task" DROP CONSTRAINT "FK_3d7e13fe39f28c46cf0dbdc4697"',
    );
    await queryRunner.query('DROP INDEX "public"."reassessment_task_once_idx"');
    await queryRunner.query('DROP INDEX "public"."reassessment_task_list_idx"');
    await queryRunner.query('DROP INDEX "public"."reassessment_task_escalation_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_3d7e13fe39f28c46cf0dbdc469"');
    await queryRunner.query('DROP TABLE "reassessment_task"');
  }
}
