import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { changeRow, UnitOfWork, Work } from '@aims/audit-log';
import {
  Actor,
  actorId,
  Clock,
  Conflict,
  Connection,
  keysetPage,
  lockTenantRow,
  rawWrite,
} from '@aims/platform';
import { CompleteReassessmentTaskInput, ReassessmentTaskFilter } from './dto/reassessment.inputs';
import { isOverdue, NO_THRESHOLD } from './due-rules';
import { ReassessmentTask } from './reassessment-task.entity';
import { ReassessmentTaskModel } from './reassessment-task.model';
import { ReassessmentKind, ReassessmentStatus, ReassessmentSubjectType } from './reassessment.enums';

const COMPLETION_FIELDS = ['status', 'completedAt', 'completedById', 'note'] as const;

/** Reassessment tasks as people see and close them (docs/domain-rules.md#scheduled-reassessment). */
@Injectable()
export class ReassessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  toModel(task: ReassessmentTask): ReassessmentTaskModel {
    return {
      ...task,
      thresholdDays: task.thresholdDays === NO_THRESHOLD ? null : task.thresholdDays,
      overdue: isOverdue(task, this.clock.now()),
    };
  }

  /** The organisation's tasks, soonest due first. */
  async list(
    actor: Actor,
    filter: ReassessmentTaskFilter,
    first: number,
    after?: string,
  ): Promise<Connection<ReassessmentTaskModel>> {
    const qb = this.dataSource
      .getRepository(ReassessmentTask)
      .createQueryBuilder('t')
      .where('t.organisationId = :org', { org: actor.organisationId });
    if (filter.kind?.length) qb.andWhere('t.kind IN (:...kinds)', { kinds: filter.kind });
    if (filter.status?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: filter.status });
    if (filter.subjectType) qb.andWhere('t.subjectType = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) qb.andWhere('t.subjectId = :subjectId', { subjectId: filter.subjectId });
    if (filter.assigneeId) qb.andWhere('t.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.overdue !== undefined && filter.overdue !== null) {
      qb.andWhere(
        filter.overdue ? "(t.status = 'OPEN' AND t.dueAt < :now)" : "(t.status <> 'OPEN' OR t.dueAt >= :now)",
        { now: this.clock.now() },
      );
    }
    const page = await keysetPage(qb, {
      first,
      after,
      sort: { column: 't.dueAt', value: (t) => t.dueAt, direction: 'ASC' },
      idColumn: 't.id',
      id: (t) => t.id,
    });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: this.toModel(e.node) })) };
  }

  async complete(actor: Actor, input: CompleteReassessmentTaskInput): Promise<ReassessmentTaskModel> {
    return this.uow.run(actor, async (work) => {
      const task = await lockTenantRow(
        work.manager,
        ReassessmentTask,
        'ReassessmentTask',
        actor.organisationId,
        input.taskId,
      );
      if (task.status !== ReassessmentStatus.OPEN) {
        throw new Conflict(`Reassessment task ${task.id} is ${task.status}, not OPEN`);
      }
      const completion = {
        entity: ReassessmentTask,
        entityType: 'ReassessmentTask',
        action: 'reassessment_task.completed',
        fields: COMPLETION_FIELDS,
        always: true,
      };
      await changeRow(work, task, completion, (row) => {
        Object.assign(row, {
          status: ReassessmentStatus.COMPLETED,
          completedAt: this.clock.now(),
          completedByType: actor.type,
          completedById: actorId(actor),
          note: input.note ?? null,
        });
      });
      return this.toModel(task);
    });
  }

  /**
   * Completes the subjects' open tasks of `kinds` inside the unit of work that did the underlying work
   * (a new assessment, a renewed acceptance, ...), attributed to its actor.
   */
  async closeForSubjects(
    work: Work,
    subjectType: ReassessmentSubjectType,
    subjectIds: string[],
    kinds: ReassessmentKind[],
  ): Promise<void> {
    if (subjectIds.length === 0) return;
    const now = this.clock.now();
    const { rows: closed } = await rawWrite<{ id: string; kind: string }>(
      work.manager,
      `UPDATE reassessment_task
          SET status = 'COMPLETED', completed_at = $1, completed_by_type = $2, completed_by_id = $3,
              updated_at = now()
        WHERE organisation_id = $4 AND subject_type = $5 AND subject_id = ANY($6::uuid[])
          AND kind = ANY($7::text[]) AND status = 'OPEN'
        RETURNING id, kind`,
      [now, work.actor.type, actorId(work.actor), work.actor.organisationId, subjectType, subjectIds, kinds],
    );
    for (const task of closed) {
      work.audit({
        action: 'reassessment_task.completed',
        entityType: 'ReassessmentTask',
        entityId: task.id,
        changes: { status: { from: 'OPEN', to: 'COMPLETED' }, completedAt: { from: null, to: now } },
      });
    }
  }
}
