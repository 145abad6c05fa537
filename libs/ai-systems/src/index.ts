export { AISystem } from './ai-system.entity';
export { AISystemRole, ImpactAssessmentStatus, ImpactKind, LifecycleStage } from './ai-system.enums';
export {
  AISystemModel,
  EuAiActAnswers,
  EuAiActBasis,
  ImpactAssessmentModel,
  ImpactModel,
  Tc260GradeRuleModel,
  Tc260RuleTableModel,
  Tc260ScaleStepModel,
  TransparencyObligationModel,
} from './ai-system.model';
export { AISystemService } from './ai-system.service';
export { AISystemsModule } from './ai-systems.module';
export {
  AnnexIIIPoint,
  DerogationCondition,
  EuAiActTier,
  ProhibitedPractice,
  TransparencyTrigger,
} from './eu-ai-act-tier';
export { ImpactAssessment } from './impact-assessment.entity';
export { ImpactAssessmentService } from './impact-assessment.service';
export { aiSystemLoader } from './loaders';
export { ApplicationScale, IntelligenceLevel, ScenarioCriticality, Tc260Grade } from './tc260-grading';
export { Tc260GradingService } from './tc260-grading.service';
export { Tc260RuleTableEntity } from './tc260-rule-table.entity';
export { AI_SYSTEM_REGRADE_DUE, IMPACT_ASSESSMENT_REVIEW_DUE } from './ai-system.due-work';

export { deriveEuAiActTier, type TierAnswers } from './eu-ai-act-tier';
import { AISystem } from './ai-system.entity';
import { ImpactAssessment } from './impact-assessment.entity';
import { Tc260RuleTableEntity } from './tc260-rule-table.entity';

export const AI_SYSTEMS_ENTITIES = [AISystem, ImpactAssessment, Tc260RuleTableEntity];
