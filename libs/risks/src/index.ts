export { RiskAISystem } from './risk-ai-system.entity';
export { RiskAssessment } from './risk-assessment.entity';
export { RiskCriteria } from './risk-criteria.entity';
export { RiskCriteriaService } from './risk-criteria.service';
export { RiskStatus } from './risk-status';
export { Risk } from './risk.entity';
export { TreatmentActionStatus, TreatmentOption } from './risk.enums';
export { riskLoader } from './risk.loaders';
export {
  LinkedRequirement,
  RiskAcceptanceModel,
  RiskAssessmentModel,
  RiskCriteriaModel,
  RiskLevel,
  RiskLevelDefinitionModel,
  RiskModel,
  ScalePointModel,
  TreatmentActionModel,
} from './risk.model';
export { RiskAcceptanceService } from './risk-acceptance.service';
export { RiskAssessmentService } from './risk-assessment.service';
export { RiskReader, type RiskPosition } from './risk-reader';
export { RiskService } from './risk.service';
export { RisksModule } from './risks.module';
export { RISK_ACCEPTANCE_EXPIRED, RISK_REVIEW_DUE, riskAcceptanceExpiring } from './risk.due-work';

export { readRisksForPack } from './risk-pack-reader';
import { RiskAISystem } from './risk-ai-system.entity';
import { RiskAssessment } from './risk-assessment.entity';
import { RiskCriteria } from './risk-criteria.entity';
import { Risk } from './risk.entity';

export const RISKS_ENTITIES = [RiskCriteria, Risk, RiskAISystem, RiskAssessment];
