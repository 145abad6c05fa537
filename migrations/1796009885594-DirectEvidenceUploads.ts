import { MigrationInterface, QueryRunner } from 'typeorm';

export class DirectEvidenceUploads1796009885594 implements MigrationInterface {
  name = 'DirectEvidenceUploads1796009885594';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "evidence_upload" ADD "direct" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "evidence_upload" ADD "declared_size_bytes" bigint');
    await queryRunner.query('ALTER TABLE "evidence_upload" ADD "declared_sha256" character(64)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "evidence_upload" DROP COLUMN "declared_sha256"');
    await queryRunner.query('ALTER TABLE "evidence_upload" DROP COLUMN "declared_size_bytes"');
    await queryRunner.query('ALTER TABLE "evidence_upload" DROP COLUMN "direct"');
  }
}
