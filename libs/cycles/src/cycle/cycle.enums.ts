import { registerEnumType } from '@nestjs/graphql';

/** Where a PDCA cycle stands (contract). A cycle moves one phase forward at a time, through its gates. */
export enum CyclePhase {
  PLAN = 'PLAN',
  DO = 'DO',
  CHECK = 'CHECK',
  ACT = 'ACT',
  CLOSED = 'CLOSED',
}

/** The phase a cycle advances to, or null once it is closed. */
export const NEXT_PHASE: Readonly<Record<CyclePhase, CyclePhase | null>> = {
  PLAN: CyclePhase.DO,
  DO: CyclePhase.CHECK,
  CHECK: CyclePhase.ACT,
  ACT: CyclePhase.CLOSED,
  CLOSED: null,
};

registerEnumType(CyclePhase, {
  name: 'CyclePhase',
  description: 'Where a PDCA cycle stands: PLAN → DO → CHECK → ACT → CLOSED, one gated step at a time.',
});
