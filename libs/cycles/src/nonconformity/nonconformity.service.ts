import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { ChangeHook, changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
import { CatalogService, RefRule, refProblem } from '@aims/catalog';
import { MembershipService } from '@aims/identity';
import { Actor, actorId, BadUserInput, Clock, Conflict, FieldProblem, NotFound } from '@aims/platform';
import {
  CorrectiveActionStatus,
  NonconformitySeverity,
  NonconformitySource,
  NonconformityStatus,
} from './nonconformity.enums';
import { AuditFinding } from '../internal-audit/audit-finding.entity';
import { CorrectiveAction } from './corrective-action.entity';
import { lockRecord, openCycle } from '../cycle/cycle-locks';
import {
  AddCorrectiveActionInput,
  CompleteCorrectiveActionInput,
  DecideNoCorrectiveActionInput,
  RaiseNonconformityInput,
  UpdateNonconformityInput,
} from './nonconformity.inputs';
import { ManagementReview } from '../management-review/management-review.entity';
import { severityOfFinding, statusAfterCompletion } from './nonconformity-rules';
import { Nonconformity } from './nonconformity.entity';

const NC_FIELDS = [
  'cycleId',
  'source',
  'findingId',
  'managementReviewId',
  'reference',
  'description',
  'severity',
  'requirementUrns',
  'rootCause',
  'status',
] as const;

/** Nonconformities and their corrective actions (42001 10.2). */
@Injectable()
export class NonconformityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly catalog: CatalogService,
    private readonly changes: ChangeHook,
  ) {}

  /** 42001 10.2 a): reacts to a nonconformity by recording it, from its source, for action. */
  async raise(actor: Actor, input: RaiseNonconformityInput): Promise<Nonconformity> {
    await this.assertRaiseInput(actor, input);
    return this.uow.run(actor, async (work) => {
      const cycle = await openCycle(work.manager, actor, input.cycleId);
      let severity = input.severity;
      let requirementUrns = input.requirementUrns;
      if (input.findingId) {
        const finding = await work.manager
          .getRepository(AuditFinding)
          .findOneBy({ id: input.findingId, organisationId: actor.organisationId });
        if (!finding) throw new NotFound('AuditFinding', input.findingId);
        const derived = severityOfFinding(finding.type);
        const problem = !derived
          ? { field: 'input.findingId', message: `an ${finding.type} finding is not a nonconformity` }
          : finding.cycleId !== cycle.id
            ? { field: 'input.findingId', message: 'belongs to another cycle' }
            : severity && severity !== derived
              ? { field: 'input.severity', message: `must be ${derived}, as the finding is ${finding.type}` }
              : null;
        if (problem) throw new BadUserInput([problem]);
        const raised = await work.manager.getRepository(Nonconformity).existsBy({
          findingId: finding.id,
          status: Not(NonconformityStatus.CARRIED_FORWARD),
        });
        if (raised) throw new Conflict(`A nonconformity was already raised from finding ${finding.id}`);
        severity = derived as NonconformitySeverity;
        requirementUrns ??= finding.requirementUrns;
      }
      if (input.managementReviewId) {
        const review = await work.manager
          .getRepository(ManagementReview)
          .findOneBy({ id: input.managementReviewId, organisationId: actor.organisationId });
        if (!review) throw new NotFound('ManagementReview', input.managementReviewId);
        if (review.cycleId !== cycle.id)
          throw BadUserInput.field('input.managementReviewId', 'belongs to another cycle');
      }
      const repo = work.manager.getRepository(Nonconformity);
      const nc = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          cycleId: cycle.id,
          source: input.source,
          findingId: input.findingId ?? null,
          managementReviewId: input.managementReviewId ?? null,
          reference: input.reference?.trim() || null,
          description: input.description,
          severity,
          requirementUrns: [...new Set(requirementUrns ?? [])],
          rootCause: input.rootCause?.trim() || null,
          status: NonconformityStatus.OPEN,
          raisedByType: actor.type,
          raisedById: actorId(actor),
          closedAt: null,
          carriedFromId: null,
        }),
      );
      work.audit({
        action: 'nonconformity.raised',
        entityType: 'Nonconformity',
        entityId: nc.id,
        changes: diffFields(null, nc, NC_FIELDS),
      });
      work.emit('nonconformity.raised', {
        nonconformityId: nc.id,
        cycleId: nc.cycleId,
        source: nc.source,
        severity: nc.severity,
        findingId: nc.findingId,
        description: nc.description,
      });
      return nc;
    });
  }

  /** Records what was learned about an open nonconformity, typically its root cause (10.2 b). */
  async update(actor: Actor, input: UpdateNonconformityInput): Promise<Nonconformity> {
    return this.uow.run(actor, async (work) => {
      const { record: nc } = await lockRecord(work.manager, actor, Nonconformity, 'Nonconformity', input.id);
      if (nc.status !== NonconformityStatus.OPEN)
        throw new Conflict(`Nonconformity ${nc.id} is ${nc.status}`);
      const change = {
        entity: Nonconformity,
        entityType: 'Nonconformity',
        action: 'nonconformity.updated',
        fields: ['description', 'rootCause'] as const,
      };
      await changeRow(work, nc, change, (row) => {
        if (input.description !== undefined) row.description = input.description;
        if (input.rootCause !== undefined) row.rootCause = input.rootCause?.trim() || null;
      });
      return nc;
    });
  }

  /**
   * 42001 10.2 b): records that a MINOR nonconformity needs no corrective action, with the reason, and closes
   * it. A MAJOR one always needs an action; one that already has actions is closed by completing them.
   */
  async decideNoCorrectiveAction(actor: Actor, input: DecideNoCorrectiveActionInput): Promise<Nonconformity> {
    return this.uow.run(actor, async (work) => {
      const { record: nc } = await lockRecord(
        work.manager,
        actor,
        Nonconformity,
        'Nonconformity',
        input.nonconformityId,
      );
      if (nc.severity === NonconformitySeverity.MAJOR) {
        throw BadUserInput.field(
          'input.nonconformityId',
          'a MAJOR nonconformity needs a corrective action (ISO/IEC 42001 10.2 c)',
        );
      }
      if (nc.status !== NonconformityStatus.OPEN)
        throw new Conflict(`Nonconformity ${nc.id} is ${nc.status}`);
      const actions = await work.manager
        .getRepository(CorrectiveAction)
        .countBy({ organisationId: actor.organisationId, nonconformityId: nc.id });
      if (actions > 0) {
        throw new Conflict(`Nonconformity ${nc.id} has corrective actions: complete them to close it`);
      }
      const decision = {
        entity: Nonconformity,
        entityType: 'Nonconformity',
        action: 'nonconformity.no_action_decided',
        fields: ['noActionReason', 'status', 'closedAt'] as const,
        always: true,
      };
      await changeRow(work, nc, decision, (row) => {
        row.noActionReason = input.reason;
        row.status = NonconformityStatus.CLOSED;
        row.closedAt = this.clock.now();
      });
      return nc;
    });
  }

  /** 42001 10.2 c): plans an action on the cause, with an owner and a due date. */
  async addCorrectiveAction(
    actor: Actor,
    input: AddCorrectiveActionInput,
  ): Promise<{ correctiveAction: CorrectiveAction; nonconformity: Nonconformity }> {
    const ownerId = input.ownerId ?? actor.userId ?? null;
    return this.uow.run(actor, async (work) => {
      const { record: nc } = await lockRecord(
        work.manager,
        actor,
        Nonconformity,
        'Nonconformity',
        input.nonconformityId,
      );
      if (ownerId)
        await this.members.assertMembers(actor.organisationId, [{ field: 'input.ownerId', userId: ownerId }]);
      if (nc.status !== NonconformityStatus.OPEN)
        throw new Conflict(`Nonconformity ${nc.id} is ${nc.status}`);
      const repo = work.manager.getRepository(CorrectiveAction);
      const action = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          nonconformityId: nc.id,
          cycleId: nc.cycleId,
          description: input.description,
          ownerId,
          dueAt: input.dueAt,
          status: CorrectiveActionStatus.OPEN,
          completedAt: null,
          effective: null,
          effectivenessNotes: null,
          verifiedByType: null,
          verifiedById: null,
          carriedFromId: null,
        }),
      );
      work.audit({
        action: 'corrective_action.added',
        entityType: 'CorrectiveAction',
        entityId: action.id,
        changes: diffFields(null, action, ['nonconformityId', 'description', 'ownerId', 'dueAt', 'status']),
      });
      return { correctiveAction: action, nonconformity: nc };
    });
  }

  /**
   * 42001 10.2 d): completes an action with the review of its effectiveness. The nonconformity closes when
   * the action worked and no other is open; an ineffective action keeps it open for another one.
   */
  async completeCorrectiveAction(
    actor: Actor,
    input: CompleteCorrectiveActionInput,
  ): Promise<{ correctiveAction: CorrectiveAction; nonconformity: Nonconformity }> {
    return this.uow.run(actor, async (work) => {
      const { record: action } = await lockRecord(
        work.manager,
        actor,
        CorrectiveAction,
        'CorrectiveAction',
        input.correctiveActionId,
      );
      if (action.status !== CorrectiveActionStatus.OPEN) {
        throw new Conflict(`Corrective action ${action.id} is ${action.status}`);
      }
      const { record: nc } = await lockRecord(
        work.manager,
        actor,
        Nonconformity,
        'Nonconformity',
        action.nonconformityId,
      );
      const othersOpen = await work.manager.getRepository(CorrectiveAction).countBy({
        nonconformityId: nc.id,
        status: CorrectiveActionStatus.OPEN,
        id: Not(action.id),
      });
      const now = this.clock.now();
      const completion = {
        entity: CorrectiveAction,
        entityType: 'CorrectiveAction',
        action: 'corrective_action.completed',
        fields: ['status', 'completedAt', 'effective', 'effectivenessNotes'] as const,
        always: true,
      };
      await changeRow(work, action, completion, (row) => {
        Object.assign(row, {
          status: CorrectiveActionStatus.COMPLETED,
          completedAt: now,
          effective: input.effective,
          effectivenessNotes: input.notes?.trim() || null,
          verifiedByType: actor.type,
          verifiedById: actorId(actor),
        });
      });
      const status = statusAfterCompletion(input.effective, othersOpen);
      if (status !== nc.status) {
        const closing = {
          entity: Nonconformity,
          entityType: 'Nonconformity',
          action: 'nonconformity.closed',
          fields: ['status', 'closedAt'] as const,
          always: true,
          details: () => ({ closedBy: action.id }),
        };
        await changeRow(work, nc, closing, (row) => Object.assign(row, { status, closedAt: now }));
      }
      await this.changes.publish(work, 'corrective-action.completed', [action.id]);
      return { correctiveAction: action, nonconformity: nc };
    });
  }

  /** Nonconformities of the given cycles, oldest first, for per-request loaders. */
  nonconformitiesOf(organisationId: string, cycleIds: readonly string[]): Promise<Nonconformity[]> {
    return this.dataSource.getRepository(Nonconformity).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  nonconformitiesByIds(organisationId: string, ids: readonly string[]): Promise<Nonconformity[]> {
    return this.dataSource.getRepository(Nonconformity).findBy({ organisationId, id: In([...ids]) });
  }

  /** The nonconformity each finding gave rise to in its own cycle (not the copies carried forward). */
  nonconformitiesOfFindings(organisationId: string, findingIds: readonly string[]): Promise<Nonconformity[]> {
    return this.dataSource.getRepository(Nonconformity).find({
      where: { organisationId, findingId: In([...findingIds]), carriedFromId: IsNull() },
    });
  }

  actionsOf(organisationId: string, nonconformityIds: readonly string[]): Promise<CorrectiveAction[]> {
    return this.dataSource.getRepository(CorrectiveAction).find({
      where: { organisationId, nonconformityId: In([...nonconformityIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every rule that needs no database, reported at once before anything is read or written. */
  private async assertRaiseInput(actor: Actor, input: RaiseNonconformityInput): Promise<void> {
    const problems: FieldProblem[] = [];
    const fromFinding = input.source === NonconformitySource.AUDIT_FINDING;
    const fromReview = input.source === NonconformitySource.MANAGEMENT_REVIEW;
    if (fromFinding && !input.findingId) {
      problems.push({
        field: 'input.findingId',
        message: 'is required for a nonconformity from an audit finding',
      });
    }
    if (!fromFinding && input.findingId) {
      problems.push({ field: 'input.findingId', message: 'is only for source AUDIT_FINDING' });
    }
    if (fromReview && !input.managementReviewId) {
      problems.push({
        field: 'input.managementReviewId',
        message: 'is required for a nonconformity from a management review',
      });
    }
    if (!fromReview && input.managementReviewId) {
      problems.push({ field: 'input.managementReviewId', message: 'is only for source MANAGEMENT_REVIEW' });
    }
    if (!fromFinding && !input.severity) {
      problems.push({ field: 'input.severity', message: 'is required unless raised from an audit finding' });
    }
    if (input.requirementUrns?.length) {
      const urns = [...new Set(input.requirementUrns)];
      const rows = await this.catalog.findRequirementsByUrns(actor.organisationId, urns);
      const problem = refProblem(RefRule.CONTROL, urns, new Map(rows.map((r) => [r.urn, r])));
      if (problem) problems.push({ field: 'input.requirementUrns', message: problem });
    }
    if (problems.length > 0) throw new BadUserInput(problems);
  }
}
