import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AISystemService } from '@aims/ai-systems';
import { unique } from '@aims/platform';
import { RiskReader } from '@aims/risks';
import { AuditFinding } from '../internal-audit/audit-finding.entity';
import { ChecklistItem } from '../checklist/checklist-item.entity';
import { CorrectiveAction } from '../nonconformity/corrective-action.entity';
import { Cycle } from './cycle.entity';
import { InternalAudit } from '../internal-audit/internal-audit.entity';
import { ManagementReview } from '../management-review/management-review.entity';
import { Nonconformity } from '../nonconformity/nonconformity.entity';
import { GateFacts, needsImpactAssessment } from './phase-gate';
import { SoAEntry } from '../soa/soa-entry.entity';

/** What the phase gates of cycles look at (docs/domain-rules.md#pdca-cycles); the rules are in phase-gate.ts. */
@Injectable()
export class CycleGates {
  constructor(
    private readonly dataSource: DataSource,
    private readonly systems: AISystemService,
    private readonly risks: RiskReader,
  ) {}

  /**
   * Everything the phase gates of the given cycles look at, read in a fixed number of statements however
   * many cycles: used by advanceCycle inside its transaction and by the `gate` field through a loader.
   */
  async gateFacts(
    organisationId: string,
    cycleIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, GateFacts>> {
    const where = { organisationId, cycleId: In([...cycleIds]) };
    const ordered = { order: { createdAt: 'ASC', id: 'ASC' } } as const;
    // One after the other: inside a transaction they share one connection.
    const cycles = await manager.getRepository(Cycle).findBy({ organisationId, id: In([...cycleIds]) });
    const checklist = await manager.getRepository(ChecklistItem).find({ where, order: { position: 'ASC' } });
    const soa = await manager.getRepository(SoAEntry).find({ where, order: { position: 'ASC' } });
    const audits = await manager.getRepository(InternalAudit).find({ where, ...ordered });
    const reviews = await manager
      .getRepository(ManagementReview)
      .find({ select: { id: true, cycleId: true }, where });
    const findings = await manager.getRepository(AuditFinding).find({ where, ...ordered });
    const nonconformities = await manager.getRepository(Nonconformity).find({ where, ...ordered });
    const actions = await manager
      .getRepository(CorrectiveAction)
      .find({ select: { id: true, cycleId: true, nonconformityId: true }, where });
    const risks = await this.risks.openRiskPositions(organisationId, manager);
    const systems = await this.systems.findByIds(
      organisationId,
      unique(cycles.flatMap((c) => c.aiSystemIds)),
      manager,
    );
    // Only systems that need one (42001 8.4) are looked up: none, no statement.
    const assessed = await this.systems.withApprovedImpactAssessment(
      organisationId,
      systems.filter(needsImpactAssessment).map((s) => s.id),
      manager,
    );
    const of = <T extends { cycleId: string }>(rows: T[], id: string) => rows.filter((r) => r.cycleId === id);
    return new Map(
      cycles.map((c) => {
        const ncs = of(nonconformities, c.id);
        return [
          c.id,
          {
            cycle: c,
            aiSystems: systems
              .filter((s) => c.aiSystemIds.includes(s.id))
              .map((s) => ({ ...s, hasApprovedImpactAssessment: assessed.has(s.id) })),
            checklist: of(checklist, c.id),
            soa: of(soa, c.id),
            risks,
            audits: of(audits, c.id),
            managementReviews: of(reviews, c.id).length,
            findings: of(findings, c.id).map((f) => ({
              ...f,
              hasNonconformity: ncs.some((n) => n.findingId === f.id),
            })),
            nonconformities: ncs.map((n) => ({
              ...n,
              correctiveActions: actions.filter((a) => a.nonconformityId === n.id).length,
            })),
          },
        ];
      }),
    );
  }
}
