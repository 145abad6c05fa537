import { registerEnumType } from '@nestjs/graphql';
import { RiskStatus } from './risk-status';

/** ISO 31000 / ISO/IEC 23894 6.5.2 treatment options (contract). */
export enum TreatmentOption {
  AVOID = 'AVOID',
  MODIFY = 'MODIFY',
  SHARE = 'SHARE',
  RETAIN = 'RETAIN',
}

export enum TreatmentActionStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

registerEnumType(RiskStatus, {
  name: 'RiskStatus',
  description:
    'Where a risk stands in the ISO/IEC 23894 process: IDENTIFIED → ANALYSED (assessRisk with an inherent score) → EVALUATED → TREATING (setRiskTreatment) → MONITORING (needs a residual score), or ACCEPTED (acceptRisk) and CLOSED (closeRisk).',
});
registerEnumType(TreatmentOption, {
  name: 'TreatmentOption',
  description: 'Risk treatment option (ISO/IEC 23894 6.5.2).',
  valuesMap: {
    AVOID: { description: 'Stop or do not start the activity that gives rise to the risk.' },
    MODIFY: { description: 'Change likelihood or consequence, usually with controls.' },
    SHARE: { description: 'Share the risk with another party (contracts, insurance).' },
    RETAIN: { description: 'Retain the risk by informed decision.' },
  },
});
registerEnumType(TreatmentActionStatus, { name: 'TreatmentActionStatus' });
