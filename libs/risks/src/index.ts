export * from './dto/risk-criteria.input';
export * from './dto/risk.inputs';
export * from './risk-ai-system.entity';
export * from './risk-assessment.entity';
export * from './risk-criteria.entity';
export * from './risk-criteria.service';
export * from './risk-level';
export * from './risk-scoring';
export * from './risk-status';
export * from './risk.entity';
export * from './risk.enums';
export * from './risk.loaders';
export * from './risk.model';
export * from './risk.service';
export * from './risks.module';

import { RiskAISystem } from './risk-ai-system.entity';
import { RiskAssessment } from './risk-assessment.entity';
import { RiskCriteria } from './risk-criteria.entity';
import { Risk } from './risk.entity';

export const RISKS_ENTITIES = [RiskCriteria, Risk, RiskAISystem, RiskAssessment];
export * from './risk.due-work';
