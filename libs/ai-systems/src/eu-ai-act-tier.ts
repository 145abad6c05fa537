/**
 * EU AI Act (Regulation (EU) 2024/1689) risk tier, derived from structured answers. Pure: no I/O, so the
 * rules can be read and tested as a table. Dates and obligations that move are catalog data, not code.
 */

export enum EuAiActTier {
  PROHIBITED = 'PROHIBITED',
  HIGH_RISK = 'HIGH_RISK',
  LIMITED_RISK = 'LIMITED_RISK',
  MINIMAL_RISK = 'MINIMAL_RISK',
}

/** Art. 5(1)(a)–(h) prohibited practices. */
export enum ProhibitedPractice {
  MANIPULATION = 'MANIPULATION',
  EXPLOITATION_OF_VULNERABILITIES = 'EXPLOITATION_OF_VULNERABILITIES',
  SOCIAL_SCORING = 'SOCIAL_SCORING',
  CRIME_RISK_PROFILING = 'CRIME_RISK_PROFILING',
  UNTARGETED_FACIAL_SCRAPING = 'UNTARGETED_FACIAL_SCRAPING',
  EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL = 'EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL',
  SENSITIVE_BIOMETRIC_CATEGORISATION = 'SENSITIVE_BIOMETRIC_CATEGORISATION',
  REAL_TIME_REMOTE_BIOMETRIC_IDENTIFICATION = 'REAL_TIME_REMOTE_BIOMETRIC_IDENTIFICATION',
}

/** Annex III area and sub-point (Art. 6(2)). */
export enum AnnexIIIPoint {
  ANNEX_III_1_A = 'ANNEX_III_1_A',
  ANNEX_III_1_B = 'ANNEX_III_1_B',
  ANNEX_III_1_C = 'ANNEX_III_1_C',
  ANNEX_III_2_A = 'ANNEX_III_2_A',
  ANNEX_III_3_A = 'ANNEX_III_3_A',
  ANNEX_III_3_B = 'ANNEX_III_3_B',
  ANNEX_III_3_C = 'ANNEX_III_3_C',
  ANNEX_III_3_D = 'ANNEX_III_3_D',
  ANNEX_III_4_A = 'ANNEX_III_4_A',
  ANNEX_III_4_B = 'ANNEX_III_4_B',
  ANNEX_III_5_A = 'ANNEX_III_5_A',
  ANNEX_III_5_B = 'ANNEX_III_5_B',
  ANNEX_III_5_C = 'ANNEX_III_5_C',
  ANNEX_III_5_D = 'ANNEX_III_5_D',
  ANNEX_III_6_A = 'ANNEX_III_6_A',
  ANNEX_III_6_B = 'ANNEX_III_6_B',
  ANNEX_III_6_C = 'ANNEX_III_6_C',
  ANNEX_III_6_D = 'ANNEX_III_6_D',
  ANNEX_III_6_E = 'ANNEX_III_6_E',
  ANNEX_III_7_A = 'ANNEX_III_7_A',
  ANNEX_III_7_B = 'ANNEX_III_7_B',
  ANNEX_III_7_C = 'ANNEX_III_7_C',
  ANNEX_III_7_D = 'ANNEX_III_7_D',
  ANNEX_III_8_A = 'ANNEX_III_8_A',
  ANNEX_III_8_B = 'ANNEX_III_8_B',
}

/** Art. 6(3) conditions under which an Annex III system is not high-risk. */
export enum DerogationCondition {
  NARROW_PROCEDURAL_TASK = 'NARROW_PROCEDURAL_TASK',
  IMPROVES_COMPLETED_HUMAN_ACTIVITY = 'IMPROVES_COMPLETED_HUMAN_ACTIVITY',
  DETECTS_DECISION_PATTERNS = 'DETECTS_DECISION_PATTERNS',
  PREPARATORY_TASK = 'PREPARATORY_TASK',
}

/** Art. 50 transparency triggers. */
export enum TransparencyTrigger {
  INTERACTS_WITH_PEOPLE = 'INTERACTS_WITH_PEOPLE',
  GENERATES_SYNTHETIC_CONTENT = 'GENERATES_SYNTHETIC_CONTENT',
  EMOTION_RECOGNITION = 'EMOTION_RECOGNITION',
  BIOMETRIC_CATEGORISATION = 'BIOMETRIC_CATEGORISATION',
  DEEPFAKE = 'DEEPFAKE',
  PUBLIC_INTEREST_TEXT = 'PUBLIC_INTEREST_TEXT',
}

export interface TierAnswers {
  prohibitedPractices: ProhibitedPractice[];
  /** Art. 6(1): the system is, or is a safety component of, an Annex I product needing third-party conformity assessment. */
  annexISafetyComponent: boolean;
  annexIIIPoints: AnnexIIIPoint[];
  /** Art. 6(3) conditions the provider documents as met; ignored when the system profiles people. */
  derogationConditions: DerogationCondition[];
  /** The system profiles natural persons (GDPR Art. 4(4)). */
  profiling: boolean;
  transparencyTriggers: TransparencyTrigger[];
}

export interface TierBasis {
  /** The provision as the Act writes it, e.g. `Annex III 4(a)`. */
  reference: string;
  /** The catalog requirement it corresponds to. */
  urn: string;
  explanation: string;
}

export interface TransparencyObligation {
  trigger: TransparencyTrigger;
  reference: string;
  urn: string;
  obligation: string;
}

export interface TierResult {
  tier: EuAiActTier;
  basis: TierBasis[];
  transparencyObligations: TransparencyObligation[];
  /** True when Annex III points were answered but Art. 6(3) took the system out of high risk. */
  derogationApplied: boolean;
}

const urn = (id: string) => `urn:aims:req:eu-ai-act:${id}`;

const PRACTICES: Record<ProhibitedPractice, { letter: string; text: string }> = {
  MANIPULATION: { letter: 'a', text: 'Manipulative or deceptive techniques that distort behaviour' },
  EXPLOITATION_OF_VULNERABILITIES: {
    letter: 'b',
    text: 'Exploiting vulnerabilities of age, disability or situation',
  },
  SOCIAL_SCORING: { letter: 'c', text: 'Social scoring leading to unjustified detrimental treatment' },
  CRIME_RISK_PROFILING: { letter: 'd', text: 'Predicting criminal offences from profiling alone' },
  UNTARGETED_FACIAL_SCRAPING: { letter: 'e', text: 'Untargeted scraping of facial images' },
  EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL: { letter: 'f', text: 'Emotion recognition at work or in education' },
  SENSITIVE_BIOMETRIC_CATEGORISATION: {
    letter: 'g',
    text: 'Biometric categorisation inferring sensitive traits',
  },
  REAL_TIME_REMOTE_BIOMETRIC_IDENTIFICATION: {
    letter: 'h',
    text: 'Real-time remote biometric identification in public spaces for law enforcement',
  },
};

const AREAS: Record<string, string> = {
  '1': 'biometrics',
  '2': 'critical infrastructure',
  '3': 'education and vocational training',
  '4': 'employment and worker management',
  '5': 'access to essential private and public services',
  '6': 'law enforcement',
  '7': 'migration, asylum and border control',
  '8': 'administration of justice and democratic processes',
};

const DEROGATION_LETTER: Record<DerogationCondition, string> = {
  NARROW_PROCEDURAL_TASK: 'a',
  IMPROVES_COMPLETED_HUMAN_ACTIVITY: 'b',
  DETECTS_DECISION_PATTERNS: 'c',
  PREPARATORY_TASK: 'd',
};

const TRANSPARENCY: Record<TransparencyTrigger, { paragraph: string; obligation: string }> = {
  INTERACTS_WITH_PEOPLE: {
    paragraph: '1',
    obligation: 'Tell people that they are interacting with an AI system',
  },
  GENERATES_SYNTHETIC_CONTENT: {
    paragraph: '2',
    obligation: 'Mark synthetic audio, image, video or text output as AI-generated in a machine-readable way',
  },
  EMOTION_RECOGNITION: { paragraph: '3', obligation: 'Inform people exposed to emotion recognition' },
  BIOMETRIC_CATEGORISATION: {
    paragraph: '3',
    obligation: 'Inform people exposed to biometric categorisation',
  },
  DEEPFAKE: { paragraph: '4', obligation: 'Disclose that image, audio or video content is a deep fake' },
  PUBLIC_INTEREST_TEXT: {
    paragraph: '4',
    obligation:
      'Disclose that text published to inform the public on matters of public interest is AI-generated',
  },
};

/** `ANNEX_III_4_A` → area `4`, point `a`. */
export function annexIIIParts(point: AnnexIIIPoint): { area: string; letter: string } {
  const [, area, letter] = /^ANNEX_III_(\d)_([A-Z])$/.exec(point) as RegExpExecArray;
  return { area, letter: letter.toLowerCase() };
}

function annexIIIBasis(point: AnnexIIIPoint): TierBasis {
  const { area, letter } = annexIIIParts(point);
  return {
    reference: `Annex III ${area}(${letter})`,
    urn: urn(`annex-iii-${area}-${letter}`),
    explanation: `Art. 6(2): use case listed in Annex III area ${area} (${AREAS[area]})`,
  };
}

/** Each trigger's Art. 50 obligation, in the order the Act lists them; they apply on top of any tier. */
export function transparencyObligations(triggers: readonly TransparencyTrigger[]): TransparencyObligation[] {
  const set = new Set(triggers);
  return Object.values(TransparencyTrigger)
    .filter((t) => set.has(t))
    .map((trigger) => {
      const { paragraph, obligation } = TRANSPARENCY[trigger];
      return { trigger, reference: `Art. 50(${paragraph})`, urn: urn(`art-50-${paragraph}`), obligation };
    });
}

const inOrder = <T extends string>(all: Record<string, T>, chosen: readonly T[]): T[] => {
  const set = new Set(chosen);
  return Object.values(all).filter((v) => set.has(v));
};

/**
 * Derives the tier. Precedence: any Art. 5 practice makes the system prohibited whatever else holds;
 * then Art. 6(1) (Annex I) and Art. 6(2) (Annex III) make it high-risk, where Art. 6(3) can lift only the
 * Annex III ground and never for a system that profiles people; then any Art. 50 trigger makes it
 * limited risk; otherwise it is minimal risk (Art. 4 AI literacy still applies). Art. 50 obligations are
 * reported for every tier because they accompany high-risk duties rather than replace them.
 */
export function deriveEuAiActTier(answers: TierAnswers): TierResult {
  const obligations = transparencyObligations(answers.transparencyTriggers);
  const practices = inOrder(ProhibitedPractice, answers.prohibitedPractices);
  if (practices.length > 0) {
    return {
      tier: EuAiActTier.PROHIBITED,
      basis: practices.map((p) => ({
        reference: `Art. 5(1)(${PRACTICES[p].letter})`,
        urn: urn(`art-5-1-${PRACTICES[p].letter}`),
        explanation: PRACTICES[p].text,
      })),
      transparencyObligations: obligations,
      derogationApplied: false,
    };
  }

  const basis: TierBasis[] = [];
  if (answers.annexISafetyComponent) {
    basis.push({
      reference: 'Art. 6(1)',
      urn: urn('art-6-1'),
      explanation:
        'Product, or safety component of a product, covered by Annex I and needing third-party conformity assessment',
    });
  }
  const points = inOrder(AnnexIIIPoint, answers.annexIIIPoints);
  const conditions = inOrder(DerogationCondition, answers.derogationConditions);
  let derogationApplied = false;
  if (points.length > 0) {
    if (answers.profiling) {
      basis.push(...points.map(annexIIIBasis));
      basis.push({
        reference: 'Art. 6(3)',
        urn: urn('art-6-3'),
        explanation: 'The system profiles natural persons, so the Art. 6(3) derogation cannot apply',
      });
    } else if (conditions.length > 0) {
      derogationApplied = true;
    } else {
      basis.push(...points.map(annexIIIBasis));
    }
  }
  if (basis.length > 0) {
    return { tier: EuAiActTier.HIGH_RISK, basis, transparencyObligations: obligations, derogationApplied };
  }

  const derogation: TierBasis[] = derogationApplied
    ? [
        {
          reference: 'Art. 6(3)',
          urn: urn('art-6-3'),
          explanation: `Not high-risk despite ${points.map((p) => annexIIIBasis(p).reference).join(', ')}: condition(s) ${conditions
            .map((c) => `6(3)(${DEROGATION_LETTER[c]})`)
            .join(', ')} met and no profiling; the provider must document this assessment`,
        },
      ]
    : [];
  if (obligations.length > 0) {
    return {
      tier: EuAiActTier.LIMITED_RISK,
      basis: [
        ...derogation,
        ...obligations.map((o) => ({
          reference: o.reference,
          urn: o.urn,
          explanation: `Art. 50 trigger: ${o.obligation}`,
        })),
      ],
      transparencyObligations: obligations,
      derogationApplied,
    };
  }
  return {
    tier: EuAiActTier.MINIMAL_RISK,
    basis: [
      ...derogation,
      {
        reference: 'Art. 4',
        urn: urn('art-4'),
        explanation:
          'No prohibited practice, high-risk ground or transparency trigger; only AI literacy applies',
      },
    ],
    transparencyObligations: obligations,
    derogationApplied,
  };
}
