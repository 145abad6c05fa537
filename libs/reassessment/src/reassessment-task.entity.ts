import { Column, Entity, Index } from 'typeorm';
import { ActorType, TenantEntity } from '@aims/platform';
import { ReassessmentKind, ReassessmentStatus, ReassessmentSubjectType } from './reassessment.enums';

/**
 * Work the scheduled sweep found due (docs/domain-rules.md#scheduled-reassessment). The unique key makes sweeps, retries and concurrent
 * workers idempotent: rows are inserted with ON CONFLICT DO NOTHING and only inserted rows are evented.
 * `thresholdDays` is 0 for kinds without thresholds (a NOT NULL column, because NULLs never conflict in a
 * unique index).
 */
@Entity('reassessment_task')
@Index(
  'reassessment_task_once_idx',
  ['organisationId', 'subjectType', 'subjectId', 'kind', 'dueAt', 'thresholdDays'],
  { unique: true },
)
@Index('reassessment_task_list_idx', ['organisationId', 'dueAt', 'id'])
@Index('reassessment_task_escalation_idx', ['dueAt', 'id'], {
  where: "status = 'OPEN' AND escalated_at IS NULL",
})
export class ReassessmentTask extends TenantEntity {
  @Column('text')
  kind: ReassessmentKind;

  @Column('text')
  subjectType: ReassessmentSubjectType;

  @Column('uuid')
  subjectId: string;

  /** The subject's due date (review date, expiry, due date) this task was created for. */
  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  /** Days-before-expiry threshold (30, 7 or 1) for the EXPIRING kinds; 0 otherwise. */
  @Column('int', { default: 0 })
  thresholdDays: number;

  @Column('text', { default: ReassessmentStatus.OPEN })
  status: ReassessmentStatus;

  /** The subject's owner when the task was created. */
  @Column('uuid', { nullable: true })
  assigneeId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  escalatedAt: Date | null;

  /** OWNER and ADMIN users of the organisation at escalation time. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  escalatedTo: string[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column('text', { nullable: true })
  completedByType: ActorType | null;

  @Column('uuid', { nullable: true })
  completedById: string | null;

  @Column('text', { nullable: true })
  note: string | null;
}
