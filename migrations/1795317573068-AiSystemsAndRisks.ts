import { MigrationInterface, QueryRunner } from 'typeorm';

export class AiSystemsAndRisks1795317573068 implements MigrationInterface {
  name = 'AiSystemsAndRisks1795317573068';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ai_system" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "description" text, "intended_purpose" text, "role" text NOT NULL, "lifecycle_stage" text NOT NULL, "model_name" text, "model_version" text, "data_categories" text array NOT NULL DEFAULT \'{}\', "affected_parties" text array NOT NULL DEFAULT \'{}\', "owner_id" uuid, "intelligence_level" text, "scenario_criticality" text, "application_scale" text, "grade" text, "graded_at" TIMESTAMP(3) WITH TIME ZONE, "next_regrade_at" TIMESTAMP(3) WITH TIME ZONE, "tier_answers" jsonb, "tier" text, "tier_basis" jsonb NOT NULL DEFAULT \'[]\', "transparency_obligations" jsonb NOT NULL DEFAULT \'[]\', "derogation_applied" boolean NOT NULL DEFAULT false, "classified_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_bc3f92b26cfb682d0a31b1fc5c2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3bb5c9a947440e521d8dbc3a4e" ON "ai_system"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ai_system_regrade_due_idx" ON "ai_system"  ("next_regrade_at") WHERE next_regrade_at IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_2715006db033435e340bed7159" ON "ai_system"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "tc260_rule_table" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "rules" jsonb NOT NULL, CONSTRAINT "PK_3aedfa75302a170655de17cdad8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ec7a9c18a5fb65c588365a01ee" ON "tc260_rule_table"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "tc260_rule_table_organisation_key" ON "tc260_rule_table"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "impact_assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "ai_system_id" uuid NOT NULL, "version" integer NOT NULL, "status" text NOT NULL, "scope" text NOT NULL, "system_information" text, "data_information" text, "model_information" text, "deployment_context" text, "interested_parties" text array NOT NULL DEFAULT \'{}\', "impacts" jsonb NOT NULL DEFAULT \'[]\', "measures" text array NOT NULL DEFAULT \'{}\', "author_type" text NOT NULL, "author_id" uuid, "approved_by_id" uuid, "approved_at" TIMESTAMP(3) WITH TIME ZONE, "approval_comment" text, "next_review_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_0ee765f863ae3d858943cdf0dda" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_bd12f0dcfee86ecb80571db967" ON "impact_assessment"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "impact_assessment_review_due_idx" ON "impact_assessment"  ("next_review_at") WHERE status = \'APPROVED\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_023903f319d81d4c19644f5a0c" ON "impact_assessment"  ("ai_system_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "risk" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "description" text, "status" text NOT NULL, "lifecycle_stage" text, "owner_id" uuid, "risk_source_urns" text array NOT NULL DEFAULT \'{}\', "tc260_node_urns" text array NOT NULL DEFAULT \'{}\', "trustworthiness_characteristic_urns" text array NOT NULL DEFAULT \'{}\', "control_urns" text array NOT NULL DEFAULT \'{}\', "inherent_likelihood" integer, "inherent_consequence" integer, "inherent_level" integer, "residual_likelihood" integer, "residual_consequence" integer, "residual_level" integer, "treatment_option" text, "treatment_actions" jsonb NOT NULL DEFAULT \'[]\', "last_assessed_at" TIMESTAMP(3) WITH TIME ZONE, "next_review_at" TIMESTAMP(3) WITH TIME ZONE, "review_requested_at" TIMESTAMP(3) WITH TIME ZONE, "accepted_by_type" text, "accepted_by_id" uuid, "accepted_at" TIMESTAMP(3) WITH TIME ZONE, "accepted_until" TIMESTAMP(3) WITH TIME ZONE, "acceptance_rationale" text, "acceptance_override_reason" text, "accepted_level" integer, "closed_at" TIMESTAMP(3) WITH TIME ZONE, "close_reason" text, CONSTRAINT "PK_955c5a23813b1704181c9a5f7c8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_dad49f025843980716f529e87a" ON "risk"  ("organisation_id") ');
    await queryRunner.query(
      'CREATE INDEX "risk_acceptance_expiry_idx" ON "risk"  ("accepted_until") WHERE status = \'ACCEPTED\'',
    );
    await queryRunner.query(
      'CREATE INDEX "risk_review_due_idx" ON "risk"  ("next_review_at") WHERE status <> \'CLOSED\'',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3f423fa9976a5712ab037c849f" ON "risk"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "risk_ai_system" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "risk_id" uuid NOT NULL, "ai_system_id" uuid NOT NULL, CONSTRAINT "PK_186e1022698ffbc7ae7ee5d742b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_95feb13ce55af393df149a849c" ON "risk_ai_system"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_00cf39e67d24a91e6fe8b1585d" ON "risk_ai_system"  ("ai_system_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_000d7e6d73f65619327e8c8163" ON "risk_ai_system"  ("risk_id", "ai_system_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "risk_assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "risk_id" uuid NOT NULL, "sequence" integer NOT NULL, "assessed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "assessed_by_type" text NOT NULL, "assessed_by_id" uuid, "inherent_likelihood" integer, "inherent_consequence" integer, "inherent_level" integer, "inherent_level_label" text, "residual_likelihood" integer, "residual_consequence" integer, "residual_level" integer, "residual_level_label" text, "appetite_level" integer NOT NULL, "criteria_version" integer NOT NULL, "status" text NOT NULL, "note" text, CONSTRAINT "PK_864a35a16fcb683df546ac6134e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5feecac79f6a2f6888688a1678" ON "risk_assessment"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_c27d4df9c259edfc5aff2b3891" ON "risk_assessment"  ("risk_id", "sequence") ',
    );
    await queryRunner.query(
      'CREATE TABLE "risk_criteria" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "likelihood_scale" jsonb NOT NULL, "consequence_scale" jsonb NOT NULL, "levels" jsonb NOT NULL, "grid" jsonb NOT NULL, "appetite_level" integer NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_d7669a2d2f9658407f38fecae65" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_9926eea1813e5961c3c50b7065" ON "risk_criteria"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "risk_criteria_organisation_key" ON "risk_criteria"  ("organisation_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "ai_system" ADD CONSTRAINT "FK_3bb5c9a947440e521d8dbc3a4e9" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "tc260_rule_table" ADD CONSTRAINT "FK_ec7a9c18a5fb65c588365a01ee2" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "impact_assessment" ADD CONSTRAINT "FK_bd12f0dcfee86ecb80571db9670" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "impact_assessment" ADD CONSTRAINT "FK_2e2d2f167ec91d89cb4ee2eb50c" FOREIGN KEY ("ai_system_id") REFERENCES "ai_system"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk" ADD CONSTRAINT "FK_dad49f025843980716f529e87a3" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk_ai_system" ADD CONSTRAINT "FK_95feb13ce55af393df149a849c9" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk_ai_system" ADD CONSTRAINT "FK_4606c47166614b6fe2e3c137b27" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk_ai_system" ADD CONSTRAINT "FK_00cf39e67d24a91e6fe8b1585da" FOREIGN KEY ("ai_system_id") REFERENCES "ai_system"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk_assessment" ADD CONSTRAINT "FK_5feecac79f6a2f6888688a16788" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk_assessment" ADD CONSTRAINT "FK_f867e612b09021c667ea8869d36" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "risk_criteria" ADD CONSTRAINT "FK_9926eea1813e5961c3c50b70657" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Risk assessment snapshots are immutable history (ISO/IEC 23894 6.7): refuse UPDATE and DELETE at the database too.
    await queryRunner.query(
      `CREATE FUNCTION risk_assessment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'risk_assessment is immutable'; END $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER risk_assessment_immutable BEFORE UPDATE OR DELETE ON "risk_assessment" FOR EACH ROW EXECUTE FUNCTION risk_assessment_immutable()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER risk_assessment_immutable ON "risk_assessment"');
    await queryRunner.query('DROP FUNCTION risk_assessment_immutable()');
    await queryRunner.query('ALTER TABLE "risk_criteria" DROP CONSTRAINT "FK_9926eea1813e5961c3c50b70657"');
    await queryRunner.query('ALTER TABLE "risk_assessment" DROP CONSTRAINT "FK_f867e612b09021c667ea8869d36"');
    await queryRunner.query('ALTER TABLE "risk_assessment" DROP CONSTRAINT "FK_5feecac79f6a2f6888688a16788"');
    await queryRunner.query('ALTER TABLE "risk_ai_system" DROP CONSTRAINT "FK_00cf39e67d24a91e6fe8b1585da"');
    await queryRunner.query('ALTER TABLE "risk_ai_system" DROP CONSTRAINT "FK_4606c47166614b6fe2e3c137b27"');
    await queryRunner.query('ALTER TABLE "risk_ai_system" DROP CONSTRAINT "FK_95feb13ce55af393df149a849c9"');
    await queryRunner.query('ALTER TABLE "risk" DROP CONSTRAINT "FK_dad49f025843980716f529e87a3"');
    await queryRunner.query(
      'ALTER TABLE "impact_assessment" DROP CONSTRAINT "FK_2e2d2f167ec91d89cb4ee2eb50c"',
    );
    await queryRunner.query(
      'ALTER TABLE "impact_assessment" DROP CONSTRAINT "FK_bd12f0dcfee86ecb80571db9670"',
    );
    await queryRunner.query(
      'ALTER TABLE "tc260_rule_table" DROP CONSTRAINT "FK_ec7a9c18a5fb65c588365a01ee2"',
    );
    await queryRunner.query('ALTER TABLE "ai_system" DROP CONSTRAINT "FK_3bb5c9a947440e521d8dbc3a4e9"');
    await queryRunner.query('DROP INDEX "public"."risk_criteria_organisation_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_9926eea1813e5961c3c50b7065"');
    await queryRunner.query('DROP TABLE "risk_criteria"');
    await queryRunner.query('DROP INDEX "public"."IDX_c27d4df9c259edfc5aff2b3891"');
    await queryRunner.query('DROP INDEX "public"."IDX_5feecac79f6a2f6888688a1678"');
    await queryRunner.query('DROP TABLE "risk_assessment"');
    await queryRunner.query('DROP INDEX "public"."IDX_000d7e6d73f65619327e8c8163"');
    await queryRunner.query('DROP INDEX "public"."IDX_00cf39e67d24a91e6fe8b1585d"');
    await queryRunner.query('DROP INDEX "public"."IDX_95feb13ce55af393df149a849c"');
    await queryRunner.query('DROP TABLE "risk_ai_system"');
    await queryRunner.query('DROP INDEX "public"."IDX_3f423fa9976a5712ab037c849f"');
    await queryRunner.query('DROP INDEX "public"."risk_review_due_idx"');
    await queryRunner.query('DROP INDEX "public"."risk_acceptance_expiry_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_dad49f025843980716f529e87a"');
    await queryRunner.query('DROP TABLE "risk"');
    await queryRunner.query('DROP INDEX "public"."IDX_023903f319d81d4c19644f5a0c"');
    await queryRunner.query('DROP INDEX "public"."impact_assessment_review_due_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_bd12f0dcfee86ecb80571db967"');
    await queryRunner.query('DROP TABLE "impact_assessment"');
    await queryRunner.query('DROP INDEX "public"."tc260_rule_table_organisation_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_ec7a9c18a5fb65c588365a01ee"');
    await queryRunner.query('DROP TABLE "tc260_rule_table"');
    await queryRunner.query('DROP INDEX "public"."IDX_2715006db033435e340bed7159"');
    await queryRunner.query('DROP INDEX "public"."ai_system_regrade_due_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_3bb5c9a947440e521d8dbc3a4e"');
    await queryRunner.query('DROP TABLE "ai_system"');
  }
}
