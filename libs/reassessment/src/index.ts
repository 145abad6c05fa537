export * from './due-rules';
export * from './dto/reassessment.inputs';
export * from './reassessment-sweeper';
export * from './reassessment-task.entity';
export * from './reassessment-task.model';
export * from './reassessment.enums';
export * from './reassessment.module';
export * from './reassessment.processor';
export * from './reassessment.service';

import { ReassessmentTask } from './reassessment-task.entity';

export const REASSESSMENT_ENTITIES = [ReassessmentTask];
