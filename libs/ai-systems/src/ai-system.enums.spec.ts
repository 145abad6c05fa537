import { LifecycleStage } from './ai-system.enums';

describe('LifecycleStage', () => {
  it('holds the ISO/IEC 22989 life-cycle stages, continuous validation included, in order', () => {
    expect(Object.values(LifecycleStage)).toEqual([
      'INCEPTION',
      'DESIGN_AND_DEVELOPMENT',
      'VERIFICATION_AND_VALIDATION',
      'DEPLOYMENT',
      'OPERATION_AND_MONITORING',
      'CONTINUOUS_VALIDATION',
      'RE_EVALUATION',
      'RETIREMENT',
    ]);
  });
});
