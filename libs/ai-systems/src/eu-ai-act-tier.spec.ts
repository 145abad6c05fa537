import { AISystemRole } from './ai-system.enums';
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
  medicalOrSafetyUse: false,
  gpaiModel: false,
  gpaiSystemicRisk: false,
};

const cases: {
  name: string;
  answers: Partial<TierAnswers>;
  /** PROVIDER when omitted. */
  role?: AISystemRole;
  tier: EuAiActTier;
  basis: string[];
  obligations: string[];
  gpai?: string[];
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
    // The system may not be placed at all, so no Art. 50 duty is listed.
    obligations: [],
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
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_2],
      derogationConditions: [DerogationCondition.PREPARATORY_TASK],
    },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Art. 6(1)', 'Art. 6(3)', 'Art. 6(4)', 'Art. 49(2)'],
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
    basis: ['Art. 6(3)', 'Art. 6(4)', 'Art. 49(2)', 'Art. 4'],
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
    basis: ['Art. 6(3)', 'Art. 6(4)', 'Art. 49(2)', 'Art. 50(1)'],
    obligations: ['Art. 50(1)'],
    derogation: true,
  },
  {
    name: 'PROVIDER chatbot: Art. 50(1) binds it',
    answers: { transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE] },
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(1)'],
    obligations: ['Art. 50(1)'],
  },
  {
    name: 'DEPLOYER chatbot: no 50(1) duty, a note that the provider has it',
    answers: { transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE] },
    role: AISystemRole.DEPLOYER,
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(1)'],
    obligations: [],
  },
  {
    name: 'provider of deep fakes and synthetic content: 50(2) is its duty, 50(4) the deployer’s',
    answers: {
      transparencyTriggers: [TransparencyTrigger.DEEPFAKE, TransparencyTrigger.GENERATES_SYNTHETIC_CONTENT],
    },
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(2)', 'Art. 50(4)'],
    obligations: ['Art. 50(2)'],
  },
  {
    name: 'deployer of deep fakes: 50(4) is its duty',
    answers: { transparencyTriggers: [TransparencyTrigger.DEEPFAKE] },
    role: AISystemRole.USER,
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(4)'],
    obligations: ['Art. 50(4)'],
  },
  {
    name: 'Art. 50 obligations accompany a high-risk tier',
    answers: {
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_1_C],
      transparencyTriggers: [TransparencyTrigger.EMOTION_RECOGNITION],
    },
    role: AISystemRole.DEPLOYER,
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 1(c)'],
    obligations: ['Art. 50(3)'],
  },
  {
    name: 'emotion recognition for safety in a workplace: not prohibited, Annex III 1(c)',
    answers: {
      prohibitedPractices: [ProhibitedPractice.EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL],
      medicalOrSafetyUse: true,
      transparencyTriggers: [TransparencyTrigger.EMOTION_RECOGNITION],
    },
    role: AISystemRole.DEPLOYER,
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Annex III 1(c)', 'Art. 5(1)(f)'],
    obligations: ['Art. 50(3)'],
  },
  {
    name: 'the medical or safety exception lifts only 5(1)(f)',
    answers: {
      prohibitedPractices: [
        ProhibitedPractice.EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL,
        ProhibitedPractice.SOCIAL_SCORING,
      ],
      medicalOrSafetyUse: true,
    },
    tier: EuAiActTier.PROHIBITED,
    basis: ['Art. 5(1)(c)'],
    obligations: [],
  },
  {
    name: 'GPAI model without systemic risk: Art. 53 beside a minimal tier',
    answers: { gpaiModel: true },
    tier: EuAiActTier.MINIMAL_RISK,
    basis: ['Art. 4'],
    obligations: [],
    gpai: ['Art. 53'],
  },
  {
    name: 'GPAI model with systemic risk: Art. 53 and 55',
    answers: {
      gpaiModel: true,
      gpaiSystemicRisk: true,
      transparencyTriggers: [TransparencyTrigger.GENERATES_SYNTHETIC_CONTENT],
    },
    tier: EuAiActTier.LIMITED_RISK,
    basis: ['Art. 50(2)'],
    obligations: ['Art. 50(2)'],
    gpai: ['Art. 53', 'Art. 55'],
  },
  {
    name: 'deployer of a system built on a GPAI model: the model duties are notes',
    answers: { gpaiModel: true, gpaiSystemicRisk: true },
    role: AISystemRole.DEPLOYER,
    tier: EuAiActTier.MINIMAL_RISK,
    basis: ['Art. 53', 'Art. 55', 'Art. 4'],
    obligations: [],
  },
  {
    name: 'Annex I with a lifted Annex III point names the point, 6(3), 6(4) and 49(2)',
    answers: {
      annexISafetyComponent: true,
      annexIIIPoints: [AnnexIIIPoint.ANNEX_III_5_A],
      derogationConditions: [DerogationCondition.NARROW_PROCEDURAL_TASK],
    },
    tier: EuAiActTier.HIGH_RISK,
    basis: ['Art. 6(1)', 'Art. 6(3)', 'Art. 6(4)', 'Art. 49(2)'],
    obligations: [],
    derogation: true,
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
  it.each(cases)('$name → $tier', ({ answers, role, tier, basis, obligations, gpai, derogation }) => {
    const result = deriveEuAiActTier({ ...none, ...answers }, role ?? AISystemRole.PROVIDER);
    expect(result.tier).toBe(tier);
    expect(result.basis.map((b) => b.reference)).toEqual(basis);
    expect(result.transparencyObligations.map((o) => o.reference)).toEqual(obligations);
    expect(result.gpaiObligations.map((o) => o.reference)).toEqual(gpai ?? []);
    expect(result.derogationApplied).toBe(derogation ?? false);
  });

  it('tells a DEPLOYER of a chatbot that the provider has the 50(1) duty', () => {
    const result = deriveEuAiActTier(
      { ...none, transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE] },
      AISystemRole.DEPLOYER,
    );
    expect(result.basis[0].explanation).toMatch(/binds the system's provider/);
  });

  it('cites Annex III 2 without a sub-point', () => {
    const result = deriveEuAiActTier(
      { ...none, annexIIIPoints: [AnnexIIIPoint.ANNEX_III_2] },
      AISystemRole.PROVIDER,
    );
    expect(result.basis.map((b) => [b.reference, b.urn])).toEqual([
      ['Annex III 2', 'urn:aims:req:eu-ai-act:annex-iii-2'],
    ]);
  });

  it('names the lifted Annex III point in the Art. 6(3) basis', () => {
    const result = deriveEuAiActTier(
      {
        ...none,
        annexISafetyComponent: true,
        annexIIIPoints: [AnnexIIIPoint.ANNEX_III_5_A],
        derogationConditions: [DerogationCondition.NARROW_PROCEDURAL_TASK],
      },
      AISystemRole.PROVIDER,
    );
    expect(result.basis[1].explanation).toMatch(/^Annex III 5\(a\) lifted: condition\(s\) 6\(3\)\(a\)/);
  });

  it('never says that only AI literacy applies', () => {
    for (const answers of [none, { ...none, gpaiModel: true }]) {
      const art4 = deriveEuAiActTier(answers, AISystemRole.PROVIDER).basis.at(-1)!;
      expect(art4.reference).toBe('Art. 4');
      expect(art4.explanation).not.toMatch(/\bonly\b/);
    }
  });

  it('states the medical or safety exception in the Art. 5(1)(f) text', () => {
    const result = deriveEuAiActTier(
      { ...none, prohibitedPractices: [ProhibitedPractice.EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL] },
      AISystemRole.DEPLOYER,
    );
    expect(result.tier).toBe(EuAiActTier.PROHIBITED);
    expect(result.basis[0].explanation).toMatch(/except for medical or safety reasons.*Annex III 1\(c\)/);
  });

  it('points every basis at a catalog URN of the EU AI Act', () => {
    const result = deriveEuAiActTier(
      {
        ...none,
        annexIIIPoints: [AnnexIIIPoint.ANNEX_III_4_A],
        profiling: true,
        annexISafetyComponent: true,
      },
      AISystemRole.PROVIDER,
    );
    expect(result.basis.map((b) => b.urn)).toEqual([
      'urn:aims:req:eu-ai-act:art-6-1',
      'urn:aims:req:eu-ai-act:annex-iii-4-a',
      'urn:aims:req:eu-ai-act:art-6-3',
    ]);
  });
});
