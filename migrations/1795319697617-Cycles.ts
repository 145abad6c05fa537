import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cycles1795319697617 implements MigrationInterface {
  name = 'Cycles1795319697617';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "cycle" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sequence" integer NOT NULL, "name" text NOT NULL, "period_start" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "phase" text NOT NULL, "scope_statement" text, "ai_system_ids" uuid array NOT NULL DEFAULT \'{}\', "phase_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "transitions" jsonb NOT NULL DEFAULT \'[]\', "closed_at" TIMESTAMP(3) WITH TIME ZONE, "previous_cycle_id" uuid, CONSTRAINT "PK_af5984cb5853f1f88109c9ea2b7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_62b3ad4270cd8eea41ab6c53e8" ON "cycle"  ("organisation_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_dded7c34d768b9133b8ec970d4" ON "cycle"  ("organisation_id", "sequence") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "cycle_one_open_per_organisation" ON "cycle"  ("organisation_id") WHERE phase <> \'CLOSED\'',
    );
    await queryRunner.query(
      'CREATE TABLE "internal_audit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cycle_id" uuid NOT NULL, "title" text NOT NULL, "scope" text NOT NULL, "lead_auditor_id" uuid NOT NULL, "planned_start_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "planned_end_at" TIMESTAMP(3) WITH TIME ZONE, "status" text NOT NULL, "performed_start_at" TIMESTAMP(3) WITH TIME ZONE, "performed_end_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "conclusion" text, CONSTRAINT "PK_10151573f19530ae0cc61e09141" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4c0a83ba5a05bd612040380264" ON "internal_audit"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7bfca3cbb61f8ed955cab82e38" ON "internal_audit"  ("cycle_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "audit_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "type" text NOT NULL, "requirement_urns" text array NOT NULL, "description" text NOT NULL, "recorded_by_type" text NOT NULL, "recorded_by_id" uuid, CONSTRAINT "PK_704e81a6e4b2c621fecb4ec37be" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_26a3a850aafe565ec3ec5a1db1" ON "audit_finding"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_0bb9db60234a860d6086aaf6a5" ON "audit_finding"  ("cycle_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_c1372d2ca68c37791e6f030900" ON "audit_finding"  ("audit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "checklist_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cycle_id" uuid NOT NULL, "requirement_urn" text NOT NULL, "ref_id" text NOT NULL, "title" text NOT NULL, "phase" text NOT NULL, "position" integer NOT NULL, "status" text NOT NULL, "owner_id" uuid, "notes" text, "status_changed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_0c52d9590c766a9ae718e16cebf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_2f3ec5b46f95045dfa878a7eb7" ON "checklist_item"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_aeb65967b29c9b1e8bd5141333" ON "checklist_item"  ("cycle_id", "requirement_urn") ',
    );
    await queryRunner.query(
      'CREATE TABLE "management_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cycle_id" uuid NOT NULL, "held_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "attendees" text array NOT NULL, "inputs" jsonb NOT NULL, "decisions" text array NOT NULL DEFAULT \'{}\', "actions" jsonb NOT NULL DEFAULT \'[]\', "summary" text, "recorded_by_type" text NOT NULL, "recorded_by_id" uuid, CONSTRAINT "PK_fa26680fab64d2dc22f40438090" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_29c9627a3e73fe7b981d63215b" ON "management_review"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_522d70c085d0719b8ae58bd4c3" ON "management_review"  ("cycle_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "nonconformity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cycle_id" uuid NOT NULL, "source" text NOT NULL, "finding_id" uuid, "management_review_id" uuid, "reference" text, "description" text NOT NULL, "severity" text NOT NULL, "requirement_urns" text array NOT NULL DEFAULT \'{}\', "root_cause" text, "status" text NOT NULL, "raised_by_type" text NOT NULL, "raised_by_id" uuid, "closed_at" TIMESTAMP(3) WITH TIME ZONE, "carried_from_id" uuid, CONSTRAINT "PK_edcd09b9f705f6e3229c73dec67" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_8020bde06ad9ef4a24e8d4638b" ON "nonconformity"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "nonconformity_finding_key" ON "nonconformity"  ("finding_id") WHERE finding_id IS NOT NULL AND status <> \'CARRIED_FORWARD\'',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_829616a42ed38fd169d53e52cd" ON "nonconformity"  ("cycle_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "corrective_action" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "nonconformity_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "description" text NOT NULL, "owner_id" uuid, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" text NOT NULL, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "effective" boolean, "effectiveness_notes" text, "verified_by_type" text, "verified_by_id" uuid, "carried_from_id" uuid, CONSTRAINT "PK_3cb01798ab5a10097eb0d0fc6fd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3b66930b695a29103bea5e5d92" ON "corrective_action"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "corrective_action_due_idx" ON "corrective_action"  ("due_at") WHERE status = \'OPEN\'',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_efb55f184b1cdf747c9460bda4" ON "corrective_action"  ("cycle_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_c81c24107098ad893a771fc92c" ON "corrective_action"  ("nonconformity_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "cycle_carried_risk" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cycle_id" uuid NOT NULL, "risk_id" uuid NOT NULL, "origin_cycle_id" uuid NOT NULL, "accepted_until" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_958352a4bad0a5a8b5d3fb2f185" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4df4b79a052cd7e1048fd5571b" ON "cycle_carried_risk"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4a3b065c132ab7c2f10ecda5f1" ON "cycle_carried_risk"  ("risk_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_ad3ccd477f27532d7735ef98d0" ON "cycle_carried_risk"  ("cycle_id", "risk_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "soa_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cycle_id" uuid NOT NULL, "control_urn" text NOT NULL, "ref_id" text NOT NULL, "title" text NOT NULL, "origin" text NOT NULL, "position" integer NOT NULL, "applicable" boolean, "justification" text, "implementation_status" text, "linked_risk_ids" uuid array NOT NULL DEFAULT \'{}\', "carried_over" boolean NOT NULL DEFAULT false, "carried_from_id" uuid, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "decided_by_id" uuid, CONSTRAINT "PK_002ee75cee32bbd57bc34a19440" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_848e9fe77538ee803c3765e288" ON "soa_entry"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_3d943681fbed3115a58f871adf" ON "soa_entry"  ("cycle_id", "control_urn") ',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle" ADD CONSTRAINT "FK_62b3ad4270cd8eea41ab6c53e84" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle" ADD CONSTRAINT "FK_ade70664d6cd0dd314dd8386111" FOREIGN KEY ("previous_cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "internal_audit" ADD CONSTRAINT "FK_4c0a83ba5a05bd612040380264d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "internal_audit" ADD CONSTRAINT "FK_7bfca3cbb61f8ed955cab82e388" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_finding" ADD CONSTRAINT "FK_26a3a850aafe565ec3ec5a1db15" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_finding" ADD CONSTRAINT "FK_c1372d2ca68c37791e6f030900d" FOREIGN KEY ("audit_id") REFERENCES "internal_audit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_finding" ADD CONSTRAINT "FK_0bb9db60234a860d6086aaf6a54" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_2f3ec5b46f95045dfa878a7eb7b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_876f13a01832127015e934622ac" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "management_review" ADD CONSTRAINT "FK_29c9627a3e73fe7b981d63215ba" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "management_review" ADD CONSTRAINT "FK_522d70c085d0719b8ae58bd4c3f" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "nonconformity" ADD CONSTRAINT "FK_8020bde06ad9ef4a24e8d4638b9" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "nonconformity" ADD CONSTRAINT "FK_829616a42ed38fd169d53e52cdb" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "nonconformity" ADD CONSTRAINT "FK_d1ff027401c84b1b31a849dd901" FOREIGN KEY ("finding_id") REFERENCES "audit_finding"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "nonconformity" ADD CONSTRAINT "FK_585888222763e7f2298d9899f48" FOREIGN KEY ("management_review_id") REFERENCES "management_review"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "nonconformity" ADD CONSTRAINT "FK_739d487b640f5d1cda0a30dc8e2" FOREIGN KEY ("carried_from_id") REFERENCES "nonconformity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" ADD CONSTRAINT "FK_3b66930b695a29103bea5e5d92b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" ADD CONSTRAINT "FK_c81c24107098ad893a771fc92cf" FOREIGN KEY ("nonconformity_id") REFERENCES "nonconformity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" ADD CONSTRAINT "FK_efb55f184b1cdf747c9460bda49" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" ADD CONSTRAINT "FK_57f7cf24c77ab66719183f8ee3e" FOREIGN KEY ("carried_from_id") REFERENCES "corrective_action"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" ADD CONSTRAINT "FK_4df4b79a052cd7e1048fd5571b8" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" ADD CONSTRAINT "FK_400bd944d1aa9031013f9635b11" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" ADD CONSTRAINT "FK_4a3b065c132ab7c2f10ecda5f12" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" ADD CONSTRAINT "FK_b56b059ee00e339eff536d1df6a" FOREIGN KEY ("origin_cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "soa_entry" ADD CONSTRAINT "FK_848e9fe77538ee803c3765e2887" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "soa_entry" ADD CONSTRAINT "FK_e73ace944815cdb774ac7445714" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "soa_entry" ADD CONSTRAINT "FK_e3e89249e3cbe03c68821b3889d" FOREIGN KEY ("carried_from_id") REFERENCES "soa_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "soa_entry" DROP CONSTRAINT "FK_e3e89249e3cbe03c68821b3889d"');
    await queryRunner.query('ALTER TABLE "soa_entry" DROP CONSTRAINT "FK_e73ace944815cdb774ac7445714"');
    await queryRunner.query('ALTER TABLE "soa_entry" DROP CONSTRAINT "FK_848e9fe77538ee803c3765e2887"');
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" DROP CONSTRAINT "FK_b56b059ee00e339eff536d1df6a"',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" DROP CONSTRAINT "FK_4a3b065c132ab7c2f10ecda5f12"',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" DROP CONSTRAINT "FK_400bd944d1aa9031013f9635b11"',
    );
    await queryRunner.query(
      'ALTER TABLE "cycle_carried_risk" DROP CONSTRAINT "FK_4df4b79a052cd7e1048fd5571b8"',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" DROP CONSTRAINT "FK_57f7cf24c77ab66719183f8ee3e"',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" DROP CONSTRAINT "FK_efb55f184b1cdf747c9460bda49"',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" DROP CONSTRAINT "FK_c81c24107098ad893a771fc92cf"',
    );
    await queryRunner.query(
      'ALTER TABLE "corrective_action" DROP CONSTRAINT "FK_3b66930b695a29103bea5e5d92b"',
    );
    await queryRunner.query('ALTER TABLE "nonconformity" DROP CONSTRAINT "FK_739d487b640f5d1cda0a30dc8e2"');
    await queryRunner.query('ALTER TABLE "nonconformity" DROP CONSTRAINT "FK_585888222763e7f2298d9899f48"');
    await queryRunner.query('ALTER TABLE "nonconformity" DROP CONSTRAINT "FK_d1ff027401c84b1b31a849dd901"');
    await queryRunner.query('ALTER TABLE "nonconformity" DROP CONSTRAINT "FK_829616a42ed38fd169d53e52cdb"');
    await queryRunner.query('ALTER TABLE "nonconformity" DROP CONSTRAINT "FK_8020bde06ad9ef4a24e8d4638b9"');
    await queryRunner.query(
      'ALTER TABLE "management_review" DROP CONSTRAINT "FK_522d70c085d0719b8ae58bd4c3f"',
    );
    await queryRunner.query(
      'ALTER TABLE "management_review" DROP CONSTRAINT "FK_29c9627a3e73fe7b981d63215ba"',
    );
    await queryRunner.query('ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_876f13a01832127015e934622ac"');
    await queryRunner.query('ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_2f3ec5b46f95045dfa878a7eb7b"');
    await queryRunner.query('ALTER TABLE "audit_finding" DROP CONSTRAINT "FK_0bb9db60234a860d6086aaf6a54"');
    await queryRunner.query('ALTER TABLE "audit_finding" DROP CONSTRAINT "FK_c1372d2ca68c37791e6f030900d"');
    await queryRunner.query('ALTER TABLE "audit_finding" DROP CONSTRAINT "FK_26a3a850aafe565ec3ec5a1db15"');
    await queryRunner.query('ALTER TABLE "internal_audit" DROP CONSTRAINT "FK_7bfca3cbb61f8ed955cab82e388"');
    await queryRunner.query('ALTER TABLE "internal_audit" DROP CONSTRAINT "FK_4c0a83ba5a05bd612040380264d"');
    await queryRunner.query('ALTER TABLE "cycle" DROP CONSTRAINT "FK_ade70664d6cd0dd314dd8386111"');
    await queryRunner.query('ALTER TABLE "cycle" DROP CONSTRAINT "FK_62b3ad4270cd8eea41ab6c53e84"');
    await queryRunner.query('DROP INDEX "public"."IDX_3d943681fbed3115a58f871adf"');
    await queryRunner.query('DROP INDEX "public"."IDX_848e9fe77538ee803c3765e288"');
    await queryRunner.query('DROP TABLE "soa_entry"');
    await queryRunner.query('DROP INDEX "public"."IDX_ad3ccd477f27532d7735ef98d0"');
    await queryRunner.query('DROP INDEX "public"."IDX_4a3b065c132ab7c2f10ecda5f1"');
    await queryRunner.query('DROP INDEX "public"."IDX_4df4b79a052cd7e1048fd5571b"');
    await queryRunner.query('DROP TABLE "cycle_carried_risk"');
    await queryRunner.query('DROP INDEX "public"."IDX_c81c24107098ad893a771fc92c"');
    await queryRunner.query('DROP INDEX "public"."IDX_efb55f184b1cdf747c9460bda4"');
    await queryRunner.query('DROP INDEX "public"."corrective_action_due_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_3b66930b695a29103bea5e5d92"');
    await queryRunner.query('DROP TABLE "corrective_action"');
    await queryRunner.query('DROP INDEX "public"."IDX_829616a42ed38fd169d53e52cd"');
    await queryRunner.query('DROP INDEX "public"."nonconformity_finding_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_8020bde06ad9ef4a24e8d4638b"');
    await queryRunner.query('DROP TABLE "nonconformity"');
    await queryRunner.query('DROP INDEX "public"."IDX_522d70c085d0719b8ae58bd4c3"');
    await queryRunner.query('DROP INDEX "public"."IDX_29c9627a3e73fe7b981d63215b"');
    await queryRunner.query('DROP TABLE "management_review"');
    await queryRunner.query('DROP INDEX "public"."IDX_aeb65967b29c9b1e8bd5141333"');
    await queryRunner.query('DROP INDEX "public"."IDX_2f3ec5b46f95045dfa878a7eb7"');
    await queryRunner.query('DROP TABLE "checklist_item"');
    await queryRunner.query('DROP INDEX "public"."IDX_c1372d2ca68c37791e6f030900"');
    await queryRunner.query('DROP INDEX "public"."IDX_0bb9db60234a860d6086aaf6a5"');
    await queryRunner.query('DROP INDEX "public"."IDX_26a3a850aafe565ec3ec5a1db1"');
    await queryRunner.query('DROP TABLE "audit_finding"');
    await queryRunner.query('DROP INDEX "public"."IDX_7bfca3cbb61f8ed955cab82e38"');
    await queryRunner.query('DROP INDEX "public"."IDX_4c0a83ba5a05bd612040380264"');
    await queryRunner.query('DROP TABLE "internal_audit"');
    await queryRunner.query('DROP INDEX "public"."cycle_one_open_per_organisation"');
    await queryRunner.query('DROP INDEX "public"."IDX_dded7c34d768b9133b8ec970d4"');
    await queryRunner.query('DROP INDEX "public"."IDX_62b3ad4270cd8eea41ab6c53e8"');
    await queryRunner.query('DROP TABLE "cycle"');
  }
}
