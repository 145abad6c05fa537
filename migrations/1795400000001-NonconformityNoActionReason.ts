import { MigrationInterface, QueryRunner } from 'typeorm';

export class NonconformityNoActionReason1795400000001 implements MigrationInterface {
  name = 'NonconformityNoActionReason1795400000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "nonconformity" ADD "no_action_reason" text');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "nonconformity" DROP COLUMN "no_action_reason"');
  }
}
