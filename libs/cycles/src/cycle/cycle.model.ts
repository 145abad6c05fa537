import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { CyclePhase } from './cycle.enums';

@ObjectType({ description: 'A criterion a phase gate found unmet, with the entity to act on.' })
export class UnmetGateCriterion {
  @Field({
    description: 'Stable code, e.g. PLAN_CLAUSE_OPEN or MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION.',
  })
  code: string;

  @Field()
  message: string;

  @Field(() => String, { nullable: true, description: 'Cycle, ChecklistItem, SoAEntry, AISystem, Risk, ...' })
  entityType: string | null;

  @Field(() => ID, { nullable: true })
  entityId: string | null;
}

@ObjectType({ description: 'The result of evaluating a phase gate; nothing is changed by reading it.' })
export class PhaseGate {
  @Field(() => CyclePhase)
  from: CyclePhase;

  @Field(() => CyclePhase, {
    nullable: true,
    description: 'Null for a closed cycle asked about its next phase.',
  })
  to: CyclePhase | null;

  @Field()
  met: boolean;

  @Field(() => [UnmetGateCriterion], { description: 'Every unmet criterion; empty when met.' })
  unmet: UnmetGateCriterion[];
}

@ObjectType({ description: 'A move between phases.' })
export class PhaseTransitionModel {
  @Field(() => CyclePhase)
  from: CyclePhase;

  @Field(() => CyclePhase)
  to: CyclePhase;

  @Field()
  at: Date;

  @Field({ description: 'USER, API_KEY or SYSTEM.' })
  byType: string;

  @Field(() => ID, { nullable: true })
  byId: string | null;

  @Field()
  overridden: boolean;

  @Field(() => String, { nullable: true, description: 'Why an unmet gate was overridden.' })
  overrideReason: string | null;

  @Field(() => [UnmetGateCriterion], { description: 'What was unmet when the gate was overridden.' })
  overriddenCriteria: UnmetGateCriterion[];
}

@ObjectType('Cycle', {
  description: 'A Plan-Do-Check-Act cycle of the AI management system (ISO/IEC 42001).',
})
export class CycleModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1, 2, ... per organisation.' })
  sequence: number;

  @Field()
  name: string;

  @Field()
  periodStart: Date;

  @Field({ description: 'Exclusive: the next cycle starts here.' })
  periodEnd: Date;

  @Field(() => CyclePhase)
  phase: CyclePhase;

  @Field(() => String, { nullable: true, description: 'Boundaries of the AIMS (ISO/IEC 42001 4.3).' })
  scopeStatement: string | null;

  @Field(() => [ID], { description: 'AI systems in scope.' })
  aiSystemIds: string[];

  @Field()
  phaseChangedAt: Date;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => ID, { nullable: true })
  previousCycleId: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const CycleConnection = ConnectionType(CycleModel, 'Cycle');

@ObjectType('CarriedRisk', {
  description: 'A risk that was accepted when the previous cycle closed, to be re-confirmed in this one.',
})
export class CarriedRiskModel {
  @Field(() => ID)
  riskId: string;

  @Field(() => ID)
  originCycleId: string;

  @Field(() => Date, { nullable: true, description: 'The acceptance expiry when it was carried over.' })
  acceptedUntil: Date | null;

  @Field()
  carriedAt: Date;
}

@ObjectType()
export class CreateCyclePayload {
  @Field(() => CycleModel)
  cycle: CycleModel;
}

@ObjectType()
export class UpdateCyclePayload {
  @Field(() => CycleModel)
  cycle: CycleModel;
}

@ObjectType()
export class AdvanceCyclePayload {
  @Field(() => CycleModel, { description: 'The cycle, in its new phase.' })
  cycle: CycleModel;

  @Field(() => PhaseGate, {
    description: 'The gate as evaluated; unmet criteria appear only when overridden.',
  })
  gate: PhaseGate;

  @Field()
  overridden: boolean;

  @Field(() => CycleModel, { nullable: true, description: 'Opened when the cycle closed.' })
  nextCycle: CycleModel | null;
}
