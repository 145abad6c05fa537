import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
import { CatalogService, RefRule, refProblem } from '@aims/catalog';
import { MembershipService } from '@aims/identity';
import { Actor, actorId, BadUserInput, Clock, Conflict, FieldProblem } from '@aims/platform';
import { InternalAuditStatus } from './internal-audit.enums';
import { AuditFinding } from './audit-finding.entity';
import { lockRecord, openCycle } from '../cycle/cycle-locks';
import {
  AddAuditFindingInput,
  CompleteInternalAuditInput,
  CreateInternalAuditInput,
} from './internal-audit.inputs';
import { InternalAudit } from './internal-audit.entity';

/** Internal audits of the AIMS and what they find (42001 9.2). */
@Injectable()
export class InternalAuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly catalog: CatalogService,
  ) {}

  async create(actor: Actor, input: CreateInternalAuditInput): Promise<InternalAudit> {
    const leadAuditorId = input.leadAuditorId ?? actor.userId;
    const problems: FieldProblem[] = [];
    if (!leadAuditorId)
      problems.push({ field: 'input.leadAuditorId', message: 'is required for an API key' });
    if (input.plannedEndAt && input.plannedEndAt < input.plannedStartAt) {
      problems.push({ field: 'input.plannedEndAt', message: 'must not be before plannedStartAt' });
    }
    if (problems.length > 0) throw new BadUserInput(problems);
    return this.uow.run(actor, async (work) => {
      const cycle = await openCycle(work.manager, actor, input.cycleId);
      await this.members.assertMembers(actor.organisationId, [
        { field: 'input.leadAuditorId', userId: leadAuditorId as string },
      ]);
      const repo = work.manager.getRepository(InternalAudit);
      const count = await repo.countBy({ organisationId: actor.organisationId, cycleId: cycle.id });
      const audit = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          cycleId: cycle.id,
          title: input.title ?? `Internal audit ${count + 1}`,
          scope: input.scope,
          leadAuditorId: leadAuditorId as string,
          plannedStartAt: input.plannedStartAt,
          plannedEndAt: input.plannedEndAt ?? null,
          status: InternalAuditStatus.PLANNED,
        }),
      );
      work.audit({
        action: 'internal_audit.created',
        entityType: 'InternalAudit',
        entityId: audit.id,
        changes: diffFields(null, audit, [
          'cycleId',
          'title',
          'scope',
          'leadAuditorId',
          'plannedStartAt',
          'plannedEndAt',
          'status',
        ]),
      });
      return audit;
    });
  }

  /** Records a finding against catalog requirements; the first one moves a PLANNED audit to IN_PROGRESS. */
  async addFinding(
    actor: Actor,
    input: AddAuditFindingInput,
  ): Promise<{ finding: AuditFinding; audit: InternalAudit }> {
    const urns = [...new Set(input.requirementUrns)];
    const rows = await this.catalog.findRequirementsByUrns(actor.organisationId, urns);
    const problem = refProblem(RefRule.CONTROL, urns, new Map(rows.map((r) => [r.urn, r])));
    if (problem) throw BadUserInput.field('input.requirementUrns', problem);
    return this.uow.run(actor, async (work) => {
      const { record: audit } = await lockRecord(
        work.manager,
        actor,
        InternalAudit,
        'InternalAudit',
        input.auditId,
      );
      if (audit.status === InternalAuditStatus.COMPLETED) {
        throw new Conflict(`Internal audit ${audit.id} is completed: its findings are final`);
      }
      const repo = work.manager.getRepository(AuditFinding);
      const finding = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          auditId: audit.id,
          cycleId: audit.cycleId,
          type: input.type,
          requirementUrns: urns,
          description: input.description,
          recordedByType: actor.type,
          recordedById: actorId(actor),
        }),
      );
      work.audit({
        action: 'audit_finding.recorded',
        entityType: 'AuditFinding',
        entityId: finding.id,
        changes: diffFields(null, finding, ['auditId', 'type', 'requirementUrns', 'description']),
      });
      if (audit.status === InternalAuditStatus.PLANNED) {
        const start = {
          entity: InternalAudit,
          entityType: 'InternalAudit',
          action: 'internal_audit.started',
          fields: ['status'] as const,
          always: true,
        };
        await changeRow(work, audit, start, (row) => {
          row.status = InternalAuditStatus.IN_PROGRESS;
        });
      }
      return { finding, audit };
    });
  }

  /** Completes the audit with its performed dates and conclusion (42001 9.2.2: results reported). */
  async complete(actor: Actor, input: CompleteInternalAuditInput): Promise<InternalAudit> {
    return this.uow.run(actor, async (work) => {
      const { record: audit } = await lockRecord(
        work.manager,
        actor,
        InternalAudit,
        'InternalAudit',
        input.auditId,
      );
      if (audit.status === InternalAuditStatus.COMPLETED) {
        throw new Conflict(`Internal audit ${audit.id} is already completed`);
      }
      const now = this.clock.now();
      const end = input.performedEndAt ?? now;
      // Without dates, the audit ran from its planned start (or, if that is still ahead, just now) until now.
      const start =
        input.performedStartAt ?? new Date(Math.min(audit.plannedStartAt.getTime(), end.getTime()));
      if (end < start) {
        throw BadUserInput.field(
          input.performedEndAt ? 'input.performedEndAt' : 'input.performedStartAt',
          input.performedEndAt ? 'must not be before performedStartAt' : 'must not be in the future',
        );
      }
      const completion = {
        entity: InternalAudit,
        entityType: 'InternalAudit',
        action: 'internal_audit.completed',
        fields: ['status', 'performedStartAt', 'performedEndAt', 'conclusion'] as const,
        always: true,
      };
      await changeRow(work, audit, completion, (row) => {
        Object.assign(row, {
          status: InternalAuditStatus.COMPLETED,
          performedStartAt: start,
          performedEndAt: end,
          completedAt: now,
          conclusion: input.conclusion?.trim() || null,
        });
      });
      return audit;
    });
  }

  /** Audits of the given cycles, oldest first, for per-request loaders. */
  auditsOf(organisationId: string, cycleIds: readonly string[]): Promise<InternalAudit[]> {
    return this.dataSource.getRepository(InternalAudit).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findingsOf(organisationId: string, auditIds: readonly string[]): Promise<AuditFinding[]> {
    return this.dataSource.getRepository(AuditFinding).find({
      where: { organisationId, auditId: In([...auditIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findingsByIds(organisationId: string, ids: readonly string[]): Promise<AuditFinding[]> {
    return this.dataSource.getRepository(AuditFinding).findBy({ organisationId, id: In([...ids]) });
  }
}
