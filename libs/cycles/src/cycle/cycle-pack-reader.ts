import { EntityManager, LessThanOrEqual } from 'typeorm';
import { rowsAsOf } from '@aims/audit-log';
import { AuditFinding } from '../internal-audit/audit-finding.entity';
import { ChecklistItem } from '../checklist/checklist-item.entity';
import { CorrectiveAction } from '../nonconformity/corrective-action.entity';
import { Cycle } from './cycle.entity';
import { CYCLE_FIELDS } from './cycle-handover.service';
import { InternalAudit } from '../internal-audit/internal-audit.entity';
import { ManagementReview } from '../management-review/management-review.entity';
import { Nonconformity } from '../nonconformity/nonconformity.entity';
import { SoAEntry } from '../soa/soa-entry.entity';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A cycle's records as an evidence pack shows them, read *as of* one instant (docs/domain-rules.md#evidence-packs). */
export interface CyclePackRecords {
  cycle: {
    id: string;
    name: string;
    phase: string;
    periodStart: string;
    periodEnd: string;
    scopeStatement: string | null;
    aiSystemIds: string[];
  };
  checklist: {
    id: string;
    clauseUrn: string;
    refId: string;
    title: string;
    pdcaPhase: string | null;
    status: string;
    ownerId: string | null;
    notes: string | null;
  }[];
  soa: {
    id: string;
    controlUrn: string;
    refId: string;
    title: string;
    applicable: boolean | null;
    justification: string | null;
    implementationStatus: string;
    riskIds: string[];
  }[];
  internalAudits: {
    id: string;
    title: string;
    status: string;
    plannedAt: string | null;
    completedAt: string | null;
    findings: {
      id: string;
      kind: string;
      description: string;
      requirementUrns: string[];
      recordedAt: string;
    }[];
  }[];
  nonconformities: {
    id: string;
    title: string;
    severity: string;
    status: string;
    source: string;
    rootCause: string | null;
    raisedAt: string;
    correctiveActions: {
      id: string;
      description: string;
      ownerId: string | null;
      dueAt: string | null;
      status: string;
      completedAt: string | null;
      effective: boolean | null;
    }[];
  }[];
  managementReviews: { id: string; heldAt: string; attendees: string[]; decisions: string[] }[];
}

/**
 * Reads one cycle of `organisationId` for a pack as it stood at `asOf`: records created after `asOf` are left
 * out, and changes audited after it are rolled back; lists come in a stable order. Null when the
 * organisation has no such cycle.
 */
export async function readCycleForPack(
  manager: EntityManager,
  organisationId: string,
  cycleId: string,
  asOf: Date,
): Promise<CyclePackRecords | null> {
  const current = await manager.getRepository(Cycle).findOneBy({ organisationId, id: cycleId });
  if (!current) return null;
  // Records created by asOf, each with the changes audited after asOf rolled back.
  const where = { organisationId, cycleId, createdAt: LessThanOrEqual(asOf) };
  const read = <T extends { id: string; createdAt: Date }>(
    type: string,
    rows: T[],
    fields: readonly (keyof T & string)[],
  ) => rowsAsOf(manager, organisationId, type, rows, fields, asOf);
  const [cycle] = await read('Cycle', [current], CYCLE_FIELDS);
  const checklist = await read(
    'ChecklistItem',
    await manager.getRepository(ChecklistItem).find({ where, order: { position: 'ASC', id: 'ASC' } }),
    ['status', 'ownerId', 'notes'],
  );
  const soa = await read(
    'SoAEntry',
    await manager.getRepository(SoAEntry).find({ where, order: { position: 'ASC', id: 'ASC' } }),
    ['applicable', 'justification', 'implementationStatus', 'linkedRiskIds'],
  );
  const audits = await read(
    'InternalAudit',
    await manager.getRepository(InternalAudit).find({ where, order: { plannedStartAt: 'ASC', id: 'ASC' } }),
    ['status'],
  );
  const findings = await manager
    .getRepository(AuditFinding)
    .find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
  const ncs = await read(
    'Nonconformity',
    await manager.getRepository(Nonconformity).find({ where, order: { createdAt: 'ASC', id: 'ASC' } }),
    ['reference', 'description', 'severity', 'rootCause', 'status'],
  );
  const actions = await read(
    'CorrectiveAction',
    await manager.getRepository(CorrectiveAction).find({ where, order: { createdAt: 'ASC', id: 'ASC' } }),
    ['status', 'completedAt', 'effective'],
  );
  const reviews = await manager
    .getRepository(ManagementReview)
    .find({ where, order: { heldAt: 'ASC', id: 'ASC' } });
  // An audit's completion time is not audited as a field of its own: one after asOf had not happened yet.
  const doneBy = (at: Date | string | null) => (at !== null && new Date(at) <= asOf ? at : null);
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      phase: cycle.phase,
      periodStart: iso(cycle.periodStart) as string,
      periodEnd: iso(cycle.periodEnd) as string,
      scopeStatement: cycle.scopeStatement,
      aiSystemIds: [...cycle.aiSystemIds].sort(),
    },
    checklist: checklist.map((c) => ({
      id: c.id,
      clauseUrn: c.requirementUrn,
      refId: c.refId,
      title: c.title,
      pdcaPhase: c.phase,
      status: c.status,
      ownerId: c.ownerId,
      notes: c.notes,
    })),
    soa: soa.map((s) => ({
      id: s.id,
      controlUrn: s.controlUrn,
      refId: s.refId,
      title: s.title,
      applicable: s.applicable,
      justification: s.justification,
      implementationStatus: s.implementationStatus ?? 'UNDECIDED',
      riskIds: [...s.linkedRiskIds].sort(),
    })),
    internalAudits: audits.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      plannedAt: iso(a.plannedStartAt),
      completedAt: iso(doneBy(a.completedAt)),
      findings: findings
        .filter((f) => f.auditId === a.id)
        .map((f) => ({
          id: f.id,
          kind: f.type,
          description: f.description,
          requirementUrns: [...f.requirementUrns].sort(),
          recordedAt: iso(f.createdAt) as string,
        })),
    })),
    nonconformities: ncs.map((n) => ({
      id: n.id,
      title: n.reference ?? n.description,
      severity: n.severity,
      status: n.status,
      source: n.source,
      rootCause: n.rootCause,
      raisedAt: iso(n.createdAt) as string,
      correctiveActions: actions
        .filter((c) => c.nonconformityId === n.id)
        .map((c) => ({
          id: c.id,
          description: c.description,
          ownerId: c.ownerId,
          dueAt: iso(c.dueAt),
          status: c.status,
          completedAt: iso(c.completedAt),
          effective: c.effective,
        })),
    })),
    managementReviews: reviews.map((r) => ({
      id: r.id,
      heldAt: iso(r.heldAt) as string,
      attendees: r.attendees,
      decisions: r.decisions,
    })),
  };
}
