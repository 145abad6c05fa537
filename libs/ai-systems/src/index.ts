export * from './ai-system.entity';
export * from './ai-system.enums';
export * from './ai-system.model';
export * from './ai-system.service';
export * from './ai-systems.module';
export * from './dto/ai-system.inputs';
export * from './eu-ai-act-tier';
export * from './impact-assessment.entity';
export * from './impact-assessment.service';
export * from './loaders';
export * from './tc260-grading';
export * from './tc260-grading.service';
export * from './tc260-rule-table.entity';

import { AISystem } from './ai-system.entity';
import { ImpactAssessment } from './impact-assessment.entity';
import { Tc260RuleTableEntity } from './tc260-rule-table.entity';

export const AI_SYSTEMS_ENTITIES = [AISystem, ImpactAssessment, Tc260RuleTableEntity];
export * from './ai-system.due-work';
