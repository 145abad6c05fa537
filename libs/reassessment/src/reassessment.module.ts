import { Module } from '@nestjs/common';
import { AuditLogModule, changeSubscriptions } from '@aims/audit-log';
import { CyclesModule } from '@aims/cycles';
import { EvidenceModule } from '@aims/evidence';
import { RisksModule } from '@aims/risks';
import { ReassessmentSweeper } from './reassessment-sweeper';
import { ReassessmentProcessor } from './reassessment.processor';
import { ReassessmentResolver } from './reassessment.resolver';
import { ReassessmentKind, ReassessmentSubjectType } from './reassessment.enums';
import { ReassessmentService } from './reassessment.service';

@Module({
  imports: [AuditLogModule, RisksModule, EvidenceModule, CyclesModule],
  providers: [
    ReassessmentService,
    ReassessmentSweeper,
    ReassessmentProcessor,
    ReassessmentResolver,
    changeSubscriptions(ReassessmentService, (tasks) => [
      // A new assessment snapshot is the review the task asked for (23894 6.6 monitoring and review).
      [
        'risk.assessed',
        'reassessment',
        (work, ids) =>
          tasks.closeForSubjects(work, ReassessmentSubjectType.RISK, ids, [
            ReassessmentKind.RISK_REVIEW_DUE,
            ReassessmentKind.RISK_ACCEPTANCE_EXPIRED,
          ]),
      ],
      // A renewed acceptance answers the expiry notices of the previous one.
      [
        'risk.accepted',
        'reassessment',
        (work, ids) =>
          tasks.closeForSubjects(work, ReassessmentSubjectType.RISK, ids, [
            ReassessmentKind.RISK_ACCEPTANCE_EXPIRING,
            ReassessmentKind.RISK_ACCEPTANCE_EXPIRED,
          ]),
      ],
      // A newly accepted version is fresh evidence: the expiry notices of the item are answered.
      [
        'evidence.accepted',
        'reassessment',
        (work, ids) =>
          tasks.closeForSubjects(work, ReassessmentSubjectType.EVIDENCE_ITEM, ids, [
            ReassessmentKind.EVIDENCE_EXPIRING,
            ReassessmentKind.EVIDENCE_EXPIRED,
          ]),
      ],
      [
        'corrective-action.completed',
        'reassessment',
        (work, ids) =>
          tasks.closeForSubjects(work, ReassessmentSubjectType.CORRECTIVE_ACTION, ids, [
            ReassessmentKind.CORRECTIVE_ACTION_OVERDUE,
          ]),
      ],
    ]),
  ],
  exports: [ReassessmentService, ReassessmentSweeper, ReassessmentProcessor],
})
export class ReassessmentModule {}
