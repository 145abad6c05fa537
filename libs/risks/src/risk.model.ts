import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RequirementKind } from '@aims/catalog';
import { LifecycleStage } from '@aims/ai-systems';
import { ConnectionType } from '@aims/platform';
import { TreatmentActionStatus, TreatmentOption } from './risk.enums';
import { RiskStatus } from './risk-status';

@ObjectType({
  description: 'A level computed by the server from likelihood × consequence on the organisation’s grid.',
})
export class RiskLevel {
  @Field(() => Int, { description: '0 is the lowest level.' })
  index: number;

  @Field()
  label: string;

  @Field({ description: 'Above the organisation’s risk appetite: treatment is mandatory.' })
  aboveAppetite: boolean;
}

@ObjectType('ScalePoint')
export class ScalePointModel {
  @Field(() => Int)
  value: number;

  @Field()
  label: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType('RiskLevelDefinition')
export class RiskLevelDefinitionModel {
  @Field(() => Int)
  index: number;

  @Field()
  label: string;

  @Field(() => Int, { description: 'Days between reviews of a risk at this level.' })
  reviewCadenceDays: number;

  @Field()
  aboveAppetite: boolean;
}

@ObjectType('RiskCriteria', { description: 'How the organisation scores risks (ISO/IEC 23894 6.3.4).' })
export class RiskCriteriaModel {
  @Field(() => [ScalePointModel])
  likelihoodScale: ScalePointModel[];

  @Field(() => [ScalePointModel])
  consequenceScale: ScalePointModel[];

  @Field(() => [RiskLevelDefinitionModel], { description: 'Lowest first.' })
  levels: RiskLevelDefinitionModel[];

  @Field(() => [[Int]], {
    description: '`grid[l-1][c-1]` is the level index of likelihood l × consequence c.',
  })
  grid: number[][];

  @Field(() => Int, { description: 'Index of the highest level retained without treatment.' })
  appetiteLevel: number;

  @Field(() => Int)
  version: number;

  @Field({ description: 'True while the organisation uses the AIMS default 5×5 criteria.' })
  isDefault: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;
}

@ObjectType({ description: 'A catalog requirement a risk refers to.' })
export class LinkedRequirement {
  @Field()
  urn: string;

  @Field()
  refId: string;

  @Field()
  title: string;

  @Field(() => RequirementKind)
  kind: RequirementKind;
}

@ObjectType('TreatmentAction')
export class TreatmentActionModel {
  @Field()
  title: string;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => Date, { nullable: true })
  dueDate: Date | null;

  @Field(() => TreatmentActionStatus)
  status: TreatmentActionStatus;
}

@ObjectType('RiskAcceptance', {
  description: 'The decision to retain the risk, valid until `acceptedUntil`.',
})
export class RiskAcceptanceModel {
  @Field({ description: 'USER or API_KEY.' })
  acceptedByType: string;

  @Field(() => ID, { nullable: true })
  acceptedById: string | null;

  @Field()
  acceptedAt: Date;

  @Field()
  acceptedUntil: Date;

  @Field()
  rationale: string;

  @Field(() => String, { nullable: true })
  overrideReason: string | null;

  @Field(() => Int, { nullable: true, description: 'The level index accepted.' })
  acceptedLevel: number | null;

  @Field({ description: 'The expiry has passed; the reassessment sweep reopens the risk.' })
  expired: boolean;
}

@ObjectType('Risk', { description: 'A risk in the register (ISO/IEC 23894 clause 6).' })
export class RiskModel {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => RiskStatus)
  status: RiskStatus;

  @Field(() => LifecycleStage, { nullable: true })
  lifecycleStage: LifecycleStage | null;

  @Field(() => ID, { nullable: true })
  ownerId: string | null;

  @Field(() => [String])
  riskSourceUrns: string[];

  @Field(() => [String])
  tc260NodeUrns: string[];

  @Field(() => [String])
  trustworthinessCharacteristicUrns: string[];

  @Field(() => [String])
  controlUrns: string[];

  @Field(() => Int, { nullable: true })
  inherentLikelihood: number | null;

  @Field(() => Int, { nullable: true })
  inherentConsequence: number | null;

  @Field(() => Int, { nullable: true })
  residualLikelihood: number | null;

  @Field(() => Int, { nullable: true })
  residualConsequence: number | null;

  @Field(() => TreatmentOption, { nullable: true })
  treatmentOption: TreatmentOption | null;

  @Field(() => Date, { nullable: true })
  lastAssessedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'From the review cadence of the current level.' })
  nextReviewAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'A material change of a linked AI system asked for a review.',
  })
  reviewRequestedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Expiry of the acceptance while the risk is ACCEPTED.' })
  acceptedUntil: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true })
  closeReason: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const RiskConnection = ConnectionType(RiskModel, 'Risk');

@ObjectType('RiskAssessment', {
  description: 'An immutable snapshot of a risk’s scores after an assessment.',
})
export class RiskAssessmentModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  riskId: string;

  @Field(() => Int, { description: '1, 2, ... per risk.' })
  sequence: number;

  @Field()
  assessedAt: Date;

  @Field({ description: 'USER or API_KEY.' })
  assessedByType: string;

  @Field(() => ID, { nullable: true })
  assessedById: string | null;

  @Field(() => Int, { nullable: true })
  inherentLikelihood: number | null;

  @Field(() => Int, { nullable: true })
  inherentConsequence: number | null;

  @Field(() => Int, { nullable: true })
  residualLikelihood: number | null;

  @Field(() => Int, { nullable: true })
  residualConsequence: number | null;

  @Field(() => Int, { description: 'Appetite in force at the time.' })
  appetiteLevel: number;

  @Field(() => Int)
  criteriaVersion: number;

  @Field(() => RiskStatus)
  status: RiskStatus;

  @Field(() => String, { nullable: true })
  note: string | null;
}

export const RiskAssessmentConnection = ConnectionType(RiskAssessmentModel, 'RiskAssessment');

@ObjectType({ isAbstract: true })
abstract class RiskPayload {
  @Field(() => RiskModel)
  risk: RiskModel;
}

@ObjectType()
export class CreateRiskPayload extends RiskPayload {}

@ObjectType()
export class UpdateRiskPayload extends RiskPayload {}

@ObjectType()
export class AssessRiskPayload extends RiskPayload {
  @Field(() => RiskAssessmentModel)
  assessment: RiskAssessmentModel;
}

@ObjectType()
export class SetRiskTreatmentPayload extends RiskPayload {}

@ObjectType()
export class AcceptRiskPayload extends RiskPayload {}

@ObjectType()
export class CloseRiskPayload extends RiskPayload {}

@ObjectType()
export class UpdateRiskCriteriaPayload {
  @Field(() => RiskCriteriaModel)
  riskCriteria: RiskCriteriaModel;

  @Field(() => Int, { description: 'Risks whose levels or next review changed.' })
  recomputedRisks: number;
}
