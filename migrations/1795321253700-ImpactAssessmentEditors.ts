import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImpactAssessmentEditors1795321253700 implements MigrationInterface {
  name = 'ImpactAssessmentEditors1795321253700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "impact_assessment" ADD "editor_ids" uuid array NOT NULL DEFAULT \'{}\'',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "impact_assessment" DROP COLUMN "editor_ids"');
  }
}
