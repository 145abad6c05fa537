import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { UnitOfWork, Work } from '@aims/audit-log';
import { Membership } from '@aims/identity';
import { AppConfig, Clock, rawWrite, Role, systemActor } from '@aims/platform';
import { RiskAcceptanceService } from '@aims/risks';
import { escalationCutoff, NO_THRESHOLD } from './due-rules';
import { ReassessmentKind } from './reassessment.enums';
import {
  AI_SYSTEM_SOURCES,
  CORRECTIVE_ACTION_SOURCES,
  EVIDENCE_SOURCES,
  RISK_SOURCES,
  SubjectSource,
} from './subject-sources';

/** A due subject the sweep found without its task. */
interface DueSubject {
  organisationId: string;
  subjectId: string;
  dueAt: Date;
  thresholdDays: number;
  assigneeId: string | null;
  title: string | null;
}

interface CreatedTask extends DueSubject {
  id: string;
}

export interface SweepResult {
  created: Partial<Record<ReassessmentKind, number>>;
  escalated: number;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const ESCALATING_ROLES = [Role.OWNER, Role.ADMIN];

const byOrganisation = <T extends { organisationId: string }>(rows: T[]): [string, T[]][] => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.organisationId);
    if (group) group.push(row);
    else groups.set(row.organisationId, [row]);
  }
  // A fixed order keeps audit chain-head locks in the same order in every worker: no deadlocks.
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
};

/**
 * Finds due work across all organisations and records it as reassessment tasks (docs/domain-rules.md#scheduled-reassessment). Each batch is
 * one transaction: select due subjects without their task (keyset over (due, id), rows another worker
 * holds are skipped), insert tasks ON CONFLICT DO NOTHING, and audit and event only the rows actually
 * inserted. A crash rolls the batch back whole; the next sweep finds the same subjects still without
 * tasks. Concurrent workers can at worst race on an insert, which the unique key settles.
 */
@Injectable()
export class ReassessmentSweeper {
  private readonly logger = new Logger(ReassessmentSweeper.name);
  private readonly sources: SubjectSource[] = [
    ...RISK_SOURCES,
    ...AI_SYSTEM_SOURCES,
    ...EVIDENCE_SOURCES,
    ...CORRECTIVE_ACTION_SOURCES,
  ];

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly acceptances: RiskAcceptanceService,
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const created: SweepResult['created'] = {};
    for (const source of this.sources) {
      const n = await this.sweepSource(source, now);
      if (n > 0) created[source.kind] = (created[source.kind] ?? 0) + n;
    }
    const escalated = await this.escalate(now);
    const total = Object.values(created).reduce((a, b) => a + b, 0);
    if (total + escalated > 0) this.logger.log({ msg: 'reassessment sweep', created, total, escalated });
    return { created, escalated };
  }

  private get batchSize(): number {
    return this.config.REASSESSMENT_BATCH_SIZE;
  }

  private async sweepSource(source: SubjectSource, now: Date): Promise<number> {
    let cursor: { dueAt: Date | string; id: string } = { dueAt: '-infinity', id: NIL_UUID };
    let created = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const subjects = await this.dueSubjects(manager, source, now, cursor);
        if (subjects.length === 0) return { subjects, created: 0 };
        const tasks = await this.insertTasks(manager, source, subjects);
        const own = new Map(byOrganisation(tasks));
        await this.uow.withinEach(
          manager,
          [...own.keys()].map((organisationId) => systemActor(organisationId)),
          (work) => this.recordCreated(work, source, own.get(work.actor.organisationId) ?? []),
        );
        return { subjects, created: tasks.length };
      });
      created += batch.created;
      if (batch.subjects.length < this.batchSize) return created;
      const last = batch.subjects[batch.subjects.length - 1];
      cursor = { dueAt: last.dueAt, id: last.subjectId };
    }
  }

  /**
   * The condition on `due` alone lets the index scan start at the cursor instead of the beginning, and
   * OFFSET 0 keeps the existence check a per-row probe of the unique key: as an anti-join, planned on the
   * statistics of a task table that grows within the sweep, it could degrade to a nested loop over it.
   */
  private dueSubjects(
    manager: EntityManager,
    source: SubjectSource,
    now: Date,
    cursor: { dueAt: Date | string; id: string },
  ): Promise<DueSubject[]> {
    return manager.query(
      `SELECT s.organisation_id AS "organisationId", s.id AS "subjectId", ${source.due} AS "dueAt",
              ${source.threshold} AS "thresholdDays", ${source.assignee} AS "assigneeId", ${source.title} AS "title"
         FROM ${source.from}
        WHERE ${source.where}
          AND ${source.due} >= $2::timestamptz AND (${source.due}, s.id) > ($2::timestamptz, $3::uuid)
          AND NOT EXISTS (
                SELECT 1 FROM reassessment_task t
                 WHERE t.organisation_id = s.organisation_id AND t.subject_type = $4 AND t.subject_id = s.id
                   AND t.kind = $5 AND t.due_at = ${source.due} AND t.threshold_days = ${source.threshold}
                OFFSET 0)
        ORDER BY ${source.due}, s.id
        LIMIT $6
        FOR NO KEY UPDATE OF s SKIP LOCKED`,
      [now, cursor.dueAt, cursor.id, source.subjectType, source.kind, this.batchSize],
    );
  }

  private async insertTasks(
    manager: EntityManager,
    source: SubjectSource,
    subjects: DueSubject[],
  ): Promise<CreatedTask[]> {
    const { rows } = await rawWrite<DueSubject & { id: string }>(
      manager,
      `INSERT INTO reassessment_task
              (organisation_id, kind, subject_type, subject_id, due_at, threshold_days, assignee_id)
       SELECT u.organisation_id, $1, $2, u.subject_id, u.due_at, u.threshold_days, u.assignee_id
         FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::int[], $7::uuid[])
              AS u(organisation_id, subject_id, due_at, threshold_days, assignee_id)
       ON CONFLICT DO NOTHING
       RETURNING id, organisation_id AS "organisationId", subject_id AS "subjectId", due_at AS "dueAt",
                 threshold_days AS "thresholdDays", assignee_id AS "assigneeId"`,
      [
        source.kind,
        source.subjectType,
        subjects.map((s) => s.organisationId),
        subjects.map((s) => s.subjectId),
        subjects.map((s) => s.dueAt),
        subjects.map((s) => s.thresholdDays),
        subjects.map((s) => s.assigneeId),
      ],
    );
    const titles = new Map(subjects.map((s) => [s.subjectId, s.title]));
    return rows.map((row) => ({ ...row, title: titles.get(row.subjectId) ?? null }));
  }

  private async recordCreated(work: Work, source: SubjectSource, tasks: CreatedTask[]): Promise<void> {
    if (source.supersedes) await this.cancelSuperseded(work, source, tasks);
    for (const task of tasks) {
      const payload = {
        taskId: task.id,
        kind: source.kind,
        subjectType: source.subjectType,
        subjectId: task.subjectId,
        [source.subjectKey]: task.subjectId,
        title: task.title,
        dueAt: task.dueAt,
        thresholdDays: task.thresholdDays === NO_THRESHOLD ? null : task.thresholdDays,
        assigneeId: task.assigneeId,
      };
      work.audit({
        action: 'reassessment_task.created',
        entityType: 'ReassessmentTask',
        entityId: task.id,
        changes: payload,
      });
      work.emit('reassessment.created', payload);
      if (source.event) work.emit(source.event, payload);
    }
    if (source.kind === ReassessmentKind.RISK_ACCEPTANCE_EXPIRED) {
      await this.acceptances.expireAcceptances(
        work,
        tasks.map((t) => t.subjectId),
      );
    }
  }

  /**
   * A tighter expiry notice, or the expiry itself, makes the subject's earlier open notices moot for the
   * same due date: they are cancelled rather than left to escalate.
   */
  private async cancelSuperseded(work: Work, source: SubjectSource, tasks: CreatedTask[]): Promise<void> {
    const { rows: cancelled } = await rawWrite<{ id: string; subjectId: string }>(
      work.manager,
      `UPDATE reassessment_task t SET status = 'CANCELLED', updated_at = now()
         FROM unnest($2::uuid[], $3::timestamptz[], $4::int[]) AS n(subject_id, due_at, threshold_days)
        WHERE t.organisation_id = $1 AND t.subject_type = $5 AND t.kind = $6 AND t.status = 'OPEN'
          AND t.subject_id = n.subject_id AND t.due_at = n.due_at
          AND (n.threshold_days = ${NO_THRESHOLD} OR t.threshold_days > n.threshold_days)
        RETURNING t.id, t.subject_id AS "subjectId"`,
      [
        work.actor.organisationId,
        tasks.map((t) => t.subjectId),
        tasks.map((t) => t.dueAt),
        tasks.map((t) => (source.kind === source.supersedes ? t.thresholdDays : NO_THRESHOLD)),
        source.subjectType,
        source.supersedes,
      ],
    );
    for (const task of cancelled) {
      work.audit({
        action: 'reassessment_task.cancelled',
        entityType: 'ReassessmentTask',
        entityId: task.id,
        changes: { status: { from: 'OPEN', to: 'CANCELLED' }, supersededBy: source.kind },
      });
    }
  }

  /**
   * Open tasks past their due date by more than the configured delay escalate to the organisation's
   * OWNER and ADMIN members (42001 5.1: top management is kept informed). Rows are claimed with
   * SKIP LOCKED and updated only while still unescalated, so each escalates once.
   */
  private async escalate(now: Date): Promise<number> {
    const cutoff = escalationCutoff(now, this.config.REASSESSMENT_ESCALATION_DELAY_HOURS);
    let escalated = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (manager) => {
        const due: {
          id: string;
          organisationId: string;
          kind: string;
          subjectType: string;
          subjectId: string;
        }[] = await manager.query(
          `SELECT id, organisation_id AS "organisationId", kind, subject_type AS "subjectType",
                    subject_id AS "subjectId"
               FROM reassessment_task
              WHERE status = 'OPEN' AND escalated_at IS NULL AND due_at <= $1
              ORDER BY due_at, id
              LIMIT $2
              FOR NO KEY UPDATE SKIP LOCKED`,
          [cutoff, this.batchSize],
        );
        if (due.length === 0) return 0;
        const admins = await this.escalationTargets(
          manager,
          due.map((t) => t.organisationId),
          now,
        );
        for (const [organisationId, tasks] of byOrganisation(due)) {
          const to = admins.get(organisationId) ?? [];
          await manager.query(
            `UPDATE reassessment_task SET escalated_at = $1, escalated_to = $2::uuid[], updated_at = now()
              WHERE id = ANY($3::uuid[])`,
            [now, to, tasks.map((t) => t.id)],
          );
          await this.uow.within(manager, systemActor(organisationId), async (work) => {
            for (const task of tasks) {
              const payload = {
                taskId: task.id,
                kind: task.kind,
                subjectType: task.subjectType,
                subjectId: task.subjectId,
                escalatedAt: now,
                escalatedTo: to,
              };
              work.audit({
                action: 'reassessment_task.escalated',
                entityType: 'ReassessmentTask',
                entityId: task.id,
                changes: { escalatedAt: { from: null, to: now }, escalatedTo: { from: [], to } },
              });
              work.emit('reassessment.escalated', payload);
            }
          });
        }
        return due.length;
      });
      escalated += n;
      if (n < this.batchSize) return escalated;
    }
  }

  private async escalationTargets(
    manager: EntityManager,
    organisationIds: string[],
    now: Date,
  ): Promise<Map<string, string[]>> {
    const members = await manager.getRepository(Membership).find({
      where: {
        organisationId: In([...new Set(organisationIds)]),
        role: In(ESCALATING_ROLES),
        status: 'ACTIVE',
      },
      order: { userId: 'ASC' },
    });
    const targets = new Map<string, string[]>();
    for (const m of members) {
      if (!m.userId || (m.expiresAt && m.expiresAt <= now)) continue;
      targets.set(m.organisationId, [...(targets.get(m.organisationId) ?? []), m.userId]);
    }
    return targets;
  }
}
