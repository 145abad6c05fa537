export { ReassessmentSweeper } from './reassessment-sweeper';
export { ReassessmentTask } from './reassessment-task.entity';
export { ReassessmentTaskModel } from './reassessment-task.model';
export { ReassessmentKind, ReassessmentStatus, ReassessmentSubjectType } from './reassessment.enums';
export { ReassessmentModule } from './reassessment.module';
export { ReassessmentProcessor } from './reassessment.processor';
export { ReassessmentService } from './reassessment.service';

import { ReassessmentTask } from './reassessment-task.entity';

export const REASSESSMENT_ENTITIES = [ReassessmentTask];
