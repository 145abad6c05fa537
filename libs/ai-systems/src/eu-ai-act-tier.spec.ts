import {
  AnnexIIIPoint,
  DerogationCondition,
  deriveEuAiActTier,
  EuAiActTier,
  ProhibitedPractice,
  TierAnswers,
  TransparencyTrigger,
} from './eu-ai-act-tier';

const none: TierAnswers = {
  prohibitedPractices: [],
  annexISafetyComponent: false,
  annexIIIPoints: [],
  derogationConditions: [],
  profiling: false,
  transparencyTriggers: [],
};

const cases: {
  name: string;
  answers: Partial<TierAnswers>;
  tier: EuAiActTier;
  basis: string[];
  obligations: string[];
  derogation?: boolean;
}[] = [
  {
    name: 'nothing applies',
    answers: {},
    tier: EuAiActTier.MINIMAL_RISK,
    basis: ['Art. 4'],
    obligations: [],
  },
  {
    name: 'social scoring',
    answers: { prohibitedPractices: [ProhibitedPractice.SOCIAL_SCORING] },
    tier: EuAiActTier.PROHIBITED,
    basis: ['Art. 5(1)(c)'],
    obligations: [],
  },
  {
    name: 'a prohibited practice wins over high-risk grounds and transparency',
    answers: {
      prohibitedPractices: [
        ProhibitedPractice.REAL_TIME_REMOTE_BIOMETRIC_IDENTIFICATION,
        ProhibitedPractice.MANIPULATION,
      ],
      annexISafetyComponent: true,
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_1_A],
      profiling: true,
      transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE],
    },
    tier: EuAiActTier.PROHIBITED,
    basis: ['Art. 5(1)(a)', 'Art. 5(1)(h)'],
    obligations: ['Art. 50(1)'],
  },
  {
    name: 'CV screening (Annex III 4(a))',
    answers: { annexIIIPoints: [AnnexIIIPoint.ANNEX_III_4_A] },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 4(a)'],
    obligations: [],
  },
  {
    name: 'credit scoring (Annex III 5(b)) with profiling',
    answers: { annexIIIPoints: [AnnexIIIPoint.ANNEX_III_5_B], profiling: true },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 5(b)', 'Art. 6(3)'],
    obligations: [],
  },
  {
    name: 'Annex I safety component',
    answers: { annexISafetyComponent: true },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Art. 6(1)'],
    obligations: [],
  },
  {
    name: 'the 6(3) derogation does not lift the Annex I ground',
    answers: {
      annexISafetyComponent: true,
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_2_A],
      derogationConditions: [DerogationCondition.PREPARATORY_TASK],
    },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Art. 6(1)'],
    obligations: [],
    derogation: true,
  },
  {
    name: 'the 6(3) derogation lifts an Annex III ground without profiling',
    answers: {
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_4_A],
      derogationConditions: [DerogationCondition.NARROW_PROCEDURAL_TASK],
    },
    tier: EuAiActTier.MINIMAL_RISK,
    basis: ['Art. 6(3)', 'Art. 4'],
    obligations: [],
    derogation: true,
  },
  {
    name: 'profiling always defeats the 6(3) derogation',
    answers: {
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_4_A],
      derogationConditions: [
        DerogationCondition.NARROW_PROCEDURAL_TASK,
        DerogationCondition.PREPARATORY_TASK,
      ],
      profiling: true,
    },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 4(a)', 'Art. 6(3)'],
    obligations: [],
  },
  {
    name: 'profiling without an Annex III use is not high-risk by itself',
    answers: { profiling: true },
    tier: EuAiActTier.MINIMAL_RISK,
    basis: ['Art. 4'],
    obligations: [],
  },
  {
    name: 'derogated Annex III system with a chatbot is limited risk',
    answers: {
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_3_B],
      derogationConditions: [DerogationCondition.DETECTS_DECISION_PATTERNS],
      transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE],
    },
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 6(3)', 'Art. 50(1)'],
    obligations: ['Art. 50(1)'],
    derogation: true,
  },
  {
    name: 'customer chatbot',
    answers: { transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE] },
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(1)'],
    obligations: ['Art. 50(1)'],
  },
  {
    name: 'generator of deep fakes and synthetic content',
    answers: {
      transparencyTriggers: [TransparencyTrigger.DEEPFAKE, TransparencyTrigger.GENERATES_SYNTHETIC_CONTENT],
    },
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(2)', 'Art. 50(4)'],
    obligations: ['Art. 50(2)', 'Art. 50(4)'],
  },
  {
    name: 'Art. 50 obligations accompany a high-risk tier',
    answers: {
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_1_C],
      transparencyTriggers: [TransparencyTrigger.EMOTION_RECOGNITION],
    },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 1(c)'],
    obligations: ['Art. 50(3)'],
  },
  {
    name: 'several Annex III points are all recorded, in Annex order',
    answers: { annexIIIPoints: [AnnexIIIPoint.ANNEX_III_8_B, AnnexIIIPoint.ANNEX_III_5_A] },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 5(a)', 'Annex III 8(b)'],
    obligations: [],
  },
];

describe('deriveEuAiActTier', () => {
  it.each(cases)('$name → $tier', ({ answers, tier, basis, obligations, derogation }) => {
    const result = deriveEuAiActTier({ ...none, ...answers });
    expect(result.tier).toBe(tier);
    expect(result.basis.map((b) => b.reference)).toEqual(basis);
    expect(result.transparencyObligations.map((o) => o.reference)).toEqual(obligations);
    expect(result.derogationApplied).toBe(derogation ?? false);
  });

  it('points every basis at a catalog URN of the EU AI Act', () => {
    const result = deriveEuAiActTier({
      ...none,
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_4_A],
      profiling: true,
      annexISafetyComponent: true,
    });
    expect(result.basis.map((b) => b.urn)).toEqual([
      'urn:aims:req:eu-ai-act:art-6-1',
      'urn:aims:req:eu-ai-act:annex-iii-4-a',
      'urn:aims:req:eu-ai-act:art-6-3',
    ]);
  });
});
