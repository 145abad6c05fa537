import { MigrationInterface, QueryRunner } from 'typeorm';
import { AISystemRole, deriveEuAiActTier, TierAnswers } from '@aims/ai-systems';
import { appendMigrationAudit, AuditEntry } from '@aims/audit-log';

const REQUEST_ID = 'migration:DomainCorrections1795400000000';

/** The 5×5 grid every organisation without criteria of its own used before; they keep it. */
const PREVIOUS_DEFAULT_CRITERIA = {
  likelihoodScale: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
  consequenceScale: ['Minor', 'Moderate', 'Major', 'Severe', 'Catastrophic'],
  levels: [
    { index: 0, label: 'Very low', reviewCadenceDays: 365 },
    { index: 1, label: 'Low', reviewCadenceDays: 365 },
    { index: 2, label: 'Medium', reviewCadenceDays: 180 },
    { index: 3, label: 'High', reviewCadenceDays: 90 },
    { index: 4, label: 'Very high', reviewCadenceDays: 30 },
  ],
  grid: [
    [0, 0, 1, 1, 1],
    [0, 1, 1, 2, 2],
    [1, 1, 2, 3, 3],
    [1, 2, 3, 3, 4],
    [2, 3, 3, 4, 4],
  ],
  appetiteLevel: 2,
};

interface StoredSystem {
  id: string;
  organisation_id: string;
  role: AISystemRole;
  tier_answers: Partial<Omit<TierAnswers, 'annexIIIPoints'>> & { annexIIIPoints?: string[] };
  tier: string | null;
  tier_basis: unknown;
  transparency_obligations: unknown;
  derogation_applied: boolean;
}

/**
 * Domain corrections (issue 13) for data already stored:
 * - AI systems: Annex III 2 has no sub-points (`ANNEX_III_2_A` becomes `ANNEX_III_2`), answers gain the
 *   GPAI and Art. 5(1)(f) flags, and the tier, basis and Art. 50 / GPAI duties are derived again, now from
 *   the role too;
 * - open cycles: 42001 clauses 4-10 cannot be not applicable, so N/A checklist items go back to NOT_STARTED;
 * - organisations on the built-in risk criteria keep the grid they had; new organisations get the new one.
 * Every change to a record is audited as a SYSTEM event on the organisation's chain, which stays valid.
 */
export class DomainCorrections1795400000000 implements MigrationInterface {
  name = 'DomainCorrections1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const query = (sql: string, parameters?: unknown[]) => queryRunner.query(sql, parameters);
    const now = new Date();
    const audits = new Map<string, AuditEntry[]>();
    const audit = (organisationId: string, entry: AuditEntry) =>
      audits.set(organisationId, [...(audits.get(organisationId) ?? []), entry]);

    await query(
      'ALTER TABLE "ai_system" ADD COLUMN IF NOT EXISTS "gpai_obligations" jsonb NOT NULL DEFAULT \'[]\'',
    );
    const systems = (await query(
      'SELECT id, organisation_id, role, tier_answers, tier, tier_basis, transparency_obligations, derogation_applied FROM ai_system WHERE tier_answers IS NOT NULL ORDER BY organisation_id, created_at, id',
    )) as StoredSystem[];
    for (const system of systems) {
      const stored = system.tier_answers;
      const answers: TierAnswers = {
        prohibitedPractices: stored.prohibitedPractices ?? [],
        annexISafetyComponent: stored.annexISafetyComponent ?? false,
        annexIIIPoints: [
          ...new Set((stored.annexIIIPoints ?? []).map((p) => (p === 'ANNEX_III_2_A' ? 'ANNEX_III_2' : p))),
        ].sort() as TierAnswers['annexIIIPoints'],
        derogationConditions: stored.derogationConditions ?? [],
        profiling: stored.profiling ?? false,
        transparencyTriggers: stored.transparencyTriggers ?? [],
        medicalOrSafetyUse: stored.medicalOrSafetyUse ?? false,
        gpaiModel: stored.gpaiModel ?? false,
        gpaiSystemicRisk: stored.gpaiSystemicRisk ?? false,
      };
      const result = deriveEuAiActTier(answers, system.role);
      await query(
        `UPDATE ai_system SET tier_answers = $2, tier = $3, tier_basis = $4, transparency_obligations = $5,
           gpai_obligations = $6, derogation_applied = $7 WHERE id = $1`,
        [
          system.id,
          JSON.stringify(answers),
          result.tier,
          JSON.stringify(result.basis),
          JSON.stringify(result.transparencyObligations),
          JSON.stringify(result.gpaiObligations),
          result.derogationApplied,
        ],
      );
      audit(system.organisation_id, {
        action: 'ai_system.reclassified',
        entityType: 'AISystem',
        entityId: system.id,
        changes: {
          reason:
            'EU AI Act rules corrected: Annex III 2 has no sub-points, Art. 50 duties follow the role, GPAI track, Art. 5(1)(f) exception, Art. 6(4) and 49(2) duties of a derogation',
          tierAnswers: { from: stored, to: answers },
          tier: { from: system.tier, to: result.tier },
          tierBasis: { from: system.tier_basis, to: result.basis },
          transparencyObligations: {
            from: system.transparency_obligations,
            to: result.transparencyObligations,
          },
          gpaiObligations: { from: [], to: result.gpaiObligations },
        },
      });
    }

    // A structured result: the rows themselves, never TypeORM's [rows, count] pair for UPDATE.
    const { records: items } = (await queryRunner.query(
      `UPDATE checklist_item i SET status = 'NOT_STARTED', status_changed_at = $1
         FROM cycle c
        WHERE c.id = i.cycle_id AND c.organisation_id = i.organisation_id
          AND c.phase <> 'CLOSED' AND i.status = 'NOT_APPLICABLE'
        RETURNING i.id, i.organisation_id, i.cycle_id, i.ref_id`,
      [now],
      true,
    )) as { records: { id: string; organisation_id: string; cycle_id: string; ref_id: string }[] };
    for (const item of [...items].sort((a, b) => a.id.localeCompare(b.id))) {
      audit(item.organisation_id, {
        action: 'checklist_item.updated',
        entityType: 'ChecklistItem',
        entityId: item.id,
        changes: {
          status: { from: 'NOT_APPLICABLE', to: 'NOT_STARTED' },
          clause: item.ref_id,
          cycleId: item.cycle_id,
          reason: 'ISO/IEC 42001 clauses 4-10 are mandatory and cannot be not applicable',
        },
      });
    }

    const scale = (labels: string[]) =>
      labels.map((label, i) => ({ value: i + 1, label, description: null }));
    await query(
      `INSERT INTO risk_criteria (organisation_id, likelihood_scale, consequence_scale, levels, grid, appetite_level, version)
       SELECT o.id, $1, $2, $3, $4, $5, 1 FROM organisation o
        WHERE NOT EXISTS (SELECT 1 FROM risk_criteria c WHERE c.organisation_id = o.id)`,
      [
        JSON.stringify(scale(PREVIOUS_DEFAULT_CRITERIA.likelihoodScale)),
        JSON.stringify(scale(PREVIOUS_DEFAULT_CRITERIA.consequenceScale)),
        JSON.stringify(PREVIOUS_DEFAULT_CRITERIA.levels),
        JSON.stringify(PREVIOUS_DEFAULT_CRITERIA.grid),
        PREVIOUS_DEFAULT_CRITERIA.appetiteLevel,
      ],
    );

    for (const [organisationId, entries] of [...audits].sort(([a], [b]) => a.localeCompare(b))) {
      await appendMigrationAudit(query, organisationId, entries, now, REQUEST_ID);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Corrected data is not put back wrong; only the column goes.
    await queryRunner.query('ALTER TABLE "ai_system" DROP COLUMN "gpai_obligations"');
  }
}
