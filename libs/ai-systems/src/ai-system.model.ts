import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@aims/platform';
import { AISystemRole, ImpactAssessmentStatus, ImpactKind, LifecycleStage } from './ai-system.enums';
import {
  AnnexIIIPoint,
  DerogationCondition,
  EuAiActTier,
  ProhibitedPractice,
  TransparencyAddressee,
  TransparencyTrigger,
} from './eu-ai-act-tier';
import { ApplicationScale, IntelligenceLevel, ScenarioCriticality, Tc260Grade } from './tc260-grading';

@ObjectType({ description: 'The answers an EU AI Act tier is derived from.' })
export class EuAiActAnswers {
  @Field(() => [ProhibitedPractice])
  prohibitedPractices: ProhibitedPractice[];

  @Field({
    description:
      'Art. 6(1): an Annex I product, or its safety component, needing third-party conformity assessment.',
  })
  annexISafetyComponent: boolean;

  @Field(() => [AnnexIIIPoint])
  annexIIIPoints: AnnexIIIPoint[];

  @Field(() => [DerogationCondition], { description: 'Art. 6(3) conditions documented as met.' })
  derogationConditions: DerogationCondition[];

  @Field({ description: 'The system profiles natural persons; Art. 6(3) then never applies.' })
  profiling: boolean;

  @Field(() => [TransparencyTrigger])
  transparencyTriggers: TransparencyTrigger[];

  @Field({ description: 'Art. 5(1)(f) exception: emotion recognition for medical or safety reasons.' })
  medicalOrSafetyUse: boolean;

  @Field({ description: 'The system is, or is built on, a general-purpose AI model.' })
  gpaiModel: boolean;

  @Field({ description: 'That general-purpose AI model has systemic risk (Art. 51).' })
  gpaiSystemicRisk: boolean;
}

@ObjectType({ description: 'A provision a tier rests on.' })
export class EuAiActBasis {
  @Field({ description: 'As the Act writes it, e.g. `Annex III 4(a)`.' })
  reference: string;

  @Field({ description: 'The catalog requirement.' })
  urn: string;

  @Field()
  explanation: string;
}

@ObjectType({
  description:
    'An Art. 50 transparency obligation of the organisation in its role; it applies on top of any tier but a prohibited one.',
})
export class TransparencyObligationModel {
  @Field(() => TransparencyTrigger)
  trigger: TransparencyTrigger;

  @Field()
  reference: string;

  @Field()
  urn: string;

  @Field()
  obligation: string;

  @Field(() => TransparencyAddressee, {
    description: 'Who the duty binds: 50(1)-(2) providers, 50(3)-(4) deployers.',
  })
  addressee: TransparencyAddressee;
}

@ObjectType({
  description:
    'A duty of the provider of a general-purpose AI model (Art. 53, and Art. 55 with systemic risk).',
})
export class GpaiObligationModel {
  @Field()
  reference: string;

  @Field()
  urn: string;

  @Field()
  obligation: string;
}

@ObjectType('AISystem', { description: 'An AI system in the organisation’s inventory.' })
export class AISystemModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  intendedPurpose: string | null;

  @Field(() => AISystemRole)
  role: AISystemRole;

  @Field(() => LifecycleStage)
  lifecycleStage: LifecycleStage;

  @Field(() => String, { nullable: true })
  modelName: string | null;

  @Field(() => String, { nullable: true })
  modelVersion: string | null;

  @Field(() => [String])
  dataCategories: string[];

  @Field(() => [String])
  affectedParties: string[];

  @Field(() => ID, { nullable: true, description: 'User id of the owner, a member of the organisation.' })
  ownerId: string | null;

  @Field(() => IntelligenceLevel, { nullable: true })
  intelligenceLevel: IntelligenceLevel | null;

  @Field(() => ScenarioCriticality, { nullable: true })
  scenarioCriticality: ScenarioCriticality | null;

  @Field(() => ApplicationScale, { nullable: true })
  applicationScale: ApplicationScale | null;

  @Field(() => Tc260Grade, {
    nullable: true,
    description:
      'TC260 grade from the three factors and the organisation’s rule table; null while a factor is unknown.',
  })
  grade: Tc260Grade | null;

  @Field(() => Date, { nullable: true })
  gradedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the grading is due for a periodic re-grade.' })
  nextRegradeAt: Date | null;

  @Field(() => EuAiActTier, {
    nullable: true,
    description: 'Derived from the answers; null until classified.',
  })
  tier: EuAiActTier | null;

  @Field(() => [EuAiActBasis], { description: 'The articles or annex points the tier rests on.' })
  tierBasis: EuAiActBasis[];

  @Field(() => [TransparencyObligationModel], {
    description:
      'The Art. 50 duties that bind the organisation in its role; the other party’s are notes in tierBasis.',
  })
  transparencyObligations: TransparencyObligationModel[];

  @Field(() => [GpaiObligationModel], {
    description:
      'General-purpose AI model duties beside the tier, when the organisation is the model’s provider; otherwise a note in tierBasis.',
  })
  gpaiObligations: GpaiObligationModel[];

  @Field({ description: 'Annex III points were answered but Art. 6(3) lifted the high-risk ground.' })
  derogationApplied: boolean;

  @Field(() => EuAiActAnswers, { nullable: true })
  tierAnswers: EuAiActAnswers | null;

  @Field(() => Date, { nullable: true })
  classifiedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const AISystemConnection = ConnectionType(AISystemModel, 'AISystem');

@ObjectType('Impact')
export class ImpactModel {
  @Field(() => ImpactKind)
  kind: ImpactKind;

  @Field()
  description: string;

  @Field()
  affectedGroup: string;

  @Field(() => Int, { description: '1 (negligible) to 5 (critical).' })
  severity: number;

  @Field(() => Int, { description: '1 (rare) to 5 (almost certain).' })
  likelihood: number;
}

@ObjectType('ImpactAssessment', {
  description: 'One version of an AI system impact assessment (ISO/IEC 42005).',
})
export class ImpactAssessmentModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  aiSystemId: string;

  @Field(() => Int, { description: 'From 1, per AI system.' })
  version: number;

  @Field(() => ImpactAssessmentStatus)
  status: ImpactAssessmentStatus;

  @Field()
  scope: string;

  @Field(() => String, { nullable: true, description: 'Functions, purpose, intended and unintended uses.' })
  systemInformation: string | null;

  @Field(() => String, { nullable: true, description: 'Data used and its quality.' })
  dataInformation: string | null;

  @Field(() => String, { nullable: true, description: 'Algorithms and models.' })
  modelInformation: string | null;

  @Field(() => String, { nullable: true, description: 'Where and how the system is deployed.' })
  deploymentContext: string | null;

  @Field(() => [String])
  interestedParties: string[];

  @Field(() => [ImpactModel], { description: 'Actual and reasonably foreseeable benefits and harms.' })
  impacts: ImpactModel[];

  @Field(() => [String], { description: 'Measures addressing the harms.' })
  measures: string[];

  @Field({ description: 'USER or API_KEY.' })
  authorType: string;

  @Field(() => ID, { nullable: true })
  authorId: string | null;

  @Field(() => [ID], { description: 'Who changed the draft after its author; none of them may approve it.' })
  editorIds: string[];

  @Field(() => ID, { nullable: true })
  approvedById: string | null;

  @Field(() => Date, { nullable: true })
  approvedAt: Date | null;

  @Field(() => String, { nullable: true })
  approvalComment: string | null;

  @Field(() => Date, { nullable: true })
  nextReviewAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('Tc260GradeRule')
export class Tc260GradeRuleModel {
  @Field(() => ScenarioCriticality)
  scenarioCriticality: ScenarioCriticality;

  @Field(() => IntelligenceLevel)
  intelligenceLevel: IntelligenceLevel;

  @Field(() => Tc260Grade)
  grade: Tc260Grade;
}

@ObjectType('Tc260ScaleStep')
export class Tc260ScaleStepModel {
  @Field(() => ApplicationScale)
  applicationScale: ApplicationScale;

  @Field(() => Int, {
    description: 'Grades added to the base grade (negative lowers it); the result is clamped.',
  })
  steps: number;
}

@ObjectType('Tc260RuleTable', {
  description:
    'How the organisation maps the three TC260 factors to a grade. Organisation-defined: TC260 2.0 names the factors and five grades (secondary: known from secondary sources) but publishes no formula.',
})
export class Tc260RuleTableModel {
  @Field(() => [Tc260GradeRuleModel], { description: 'Base grade for every scenario × intelligence level.' })
  base: Tc260GradeRuleModel[];

  @Field(() => [Tc260ScaleStepModel])
  scaleSteps: Tc260ScaleStepModel[];

  @Field({ description: 'True while the organisation uses the AIMS default table.' })
  isDefault: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;
}

@ObjectType()
export class CreateAISystemPayload {
  @Field(() => AISystemModel)
  aiSystem: AISystemModel;
}

@ObjectType()
export class UpdateAISystemPayload {
  @Field(() => AISystemModel)
  aiSystem: AISystemModel;
}

@ObjectType()
export class ClassifyAISystemPayload {
  @Field(() => AISystemModel)
  aiSystem: AISystemModel;
}

@ObjectType()
export class ImpactAssessmentPayload {
  @Field(() => ImpactAssessmentModel)
  impactAssessment: ImpactAssessmentModel;
}

@ObjectType()
export class UpdateTc260RuleTablePayload {
  @Field(() => Tc260RuleTableModel)
  ruleTable: Tc260RuleTableModel;

  @Field(() => [AISystemModel], { description: 'AI systems whose grade changed.' })
  regraded: AISystemModel[];
}
