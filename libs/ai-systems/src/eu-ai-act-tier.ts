import type { AISystemRole } from './ai-system.enums';

/**
 * EU AI Act (Regulation (EU) 2024/1689) risk tier, derived from structured answers and the organisation's
 * role towards the system. Pure: no I/O, so the rules can be read and tested as a table. Dates and
 * obligations that move are catalog data, not code.
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

/** Annex III area and sub-point (Art. 6(2)); point 2 (critical infrastructure) has no sub-points. */
export enum AnnexIIIPoint {
  ANNEX_III_1_A = 'ANNEX_III_1_A',
  ANNEX_III_1_B = 'ANNEX_III_1_B',
  ANNEX_III_1_C = 'ANNEX_III_1_C',
  ANNEX_III_2 = 'ANNEX_III_2',
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
  /**
   * Art. 5(1)(f) excepts emotion recognition at work or in education for medical or safety reasons; such a
   * use is high-risk under Annex III 1(c) instead of prohibited.
   */
  medicalOrSafetyUse: boolean;
  /** The system is, or is built on, a general-purpose AI model (Chapter V). */
  gpaiModel: boolean;
  /** That model has systemic risk (Art. 51); meaningful only with `gpaiModel`. */
  gpaiSystemicRisk: boolean;
}

export interface TierBasis {
  /** The provision as the Act writes it, e.g. `Annex III 4(a)`. */
  reference: string;
  /** The catalog requirement it corresponds to. */
  urn: string;
  explanation: string;
}

/** Who an Art. 50 duty binds. */
export enum TransparencyAddressee {
  PROVIDER = 'PROVIDER',
  DEPLOYER = 'DEPLOYER',
}

export interface TransparencyObligation {
  trigger: TransparencyTrigger;
  reference: string;
  urn: string;
  obligation: string;
  addressee: TransparencyAddressee;
}

/** An Art. 53 / Art. 55 duty of the provider of a general-purpose AI model. */
export interface GpaiObligation {
  reference: string;
  urn: string;
  obligation: string;
}

export interface TierResult {
  tier: EuAiActTier;
  basis: TierBasis[];
  /** The Art. 50 duties that bind the organisation in its role; none for a prohibited system. */
  transparencyObligations: TransparencyObligation[];
  /** Chapter V duties, listed beside the tier, when the organisation provides a general-purpose AI model. */
  gpaiObligations: GpaiObligation[];
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
  EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL: {
    letter: 'f',
    text: 'Emotion recognition at work or in education, except for medical or safety reasons (those fall under Annex III 1(c))',
  },
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

const { PROVIDER, DEPLOYER } = TransparencyAddressee;

// Art. 50(1) and 50(2) bind providers, 50(3) and 50(4) deployers.
const TRANSPARENCY: Record<
  TransparencyTrigger,
  { paragraph: string; obligation: string; addressee: TransparencyAddressee }
> = {
  INTERACTS_WITH_PEOPLE: {
    paragraph: '1',
    obligation: 'Design the system so that people are told they are interacting with an AI system',
    addressee: PROVIDER,
  },
  GENERATES_SYNTHETIC_CONTENT: {
    paragraph: '2',
    obligation: 'Mark synthetic audio, image, video or text output as AI-generated in a machine-readable way',
    addressee: PROVIDER,
  },
  EMOTION_RECOGNITION: {
    paragraph: '3',
    obligation: 'Inform people exposed to emotion recognition',
    addressee: DEPLOYER,
  },
  BIOMETRIC_CATEGORISATION: {
    paragraph: '3',
    obligation: 'Inform people exposed to biometric categorisation',
    addressee: DEPLOYER,
  },
  DEEPFAKE: {
    paragraph: '4',
    obligation: 'Disclose that image, audio or video content is a deep fake',
    addressee: DEPLOYER,
  },
  PUBLIC_INTEREST_TEXT: {
    paragraph: '4',
    obligation:
      'Disclose that text published to inform the public on matters of public interest is AI-generated',
    addressee: DEPLOYER,
  },
};

/**
 * The Art. 50 sides an organisation stands on in each role. A developer is read as the provider (it puts
 * the system on the market or into service under its name); a user as the deployer; distributors and
 * importers pass the system on and carry neither Art. 50 duty themselves.
 */
const ADDRESSEES: Record<`${AISystemRole}`, readonly TransparencyAddressee[]> = {
  PROVIDER: [PROVIDER],
  DEVELOPER: [PROVIDER],
  DEPLOYER: [DEPLOYER],
  USER: [DEPLOYER],
  DISTRIBUTOR: [],
  IMPORTER: [],
};

const GPAI: GpaiObligation[] = [
  {
    reference: 'Art. 53',
    urn: urn('art-53'),
    obligation:
      'Keep technical documentation, inform downstream providers, have a copyright policy and publish a training-content summary',
  },
];
const GPAI_SYSTEMIC: GpaiObligation[] = [
  {
    reference: 'Art. 55',
    urn: urn('art-55'),
    obligation:
      'Evaluate and test the model adversarially, assess and mitigate systemic risks, report serious incidents and ensure cybersecurity',
  },
];

/** `ANNEX_III_4_A` → area `4`, point `a`; `ANNEX_III_2` → area `2`, no point. */
export function annexIIIParts(point: AnnexIIIPoint): { area: string; letter: string | null } {
  const [, area, letter] = /^ANNEX_III_(\d)(?:_([A-Z]))?$/.exec(point) as RegExpExecArray;
  return { area, letter: letter ? letter.toLowerCase() : null };
}

function annexIIIBasis(point: AnnexIIIPoint): TierBasis {
  const { area, letter } = annexIIIParts(point);
  return {
    reference: letter ? `Annex III ${area}(${letter})` : `Annex III ${area}`,
    urn: urn(letter ? `annex-iii-${area}-${letter}` : `annex-iii-${area}`),
    explanation: `Art. 6(2): use case listed in Annex III area ${area} (${AREAS[area]})`,
  };
}

/** Each trigger's Art. 50 obligation and who it binds, in the order the Act lists them. */
export function transparencyObligations(triggers: readonly TransparencyTrigger[]): TransparencyObligation[] {
  const set = new Set(triggers);
  return Object.values(TransparencyTrigger)
    .filter((t) => set.has(t))
    .map((trigger) => {
      const { paragraph, obligation, addressee } = TRANSPARENCY[trigger];
      return {
        trigger,
        reference: `Art. 50(${paragraph})`,
        urn: urn(`art-50-${paragraph}`),
        obligation,
        addressee,
      };
    });
}

const inOrder = <T extends string>(all: Record<string, T>, chosen: readonly T[]): T[] => {
  const set = new Set(chosen);
  return Object.values(all).filter((v) => set.has(v));
};

const roleName = (a: TransparencyAddressee) => a.toLowerCase();

/** The basis entry of an Art. 50 trigger, saying whether it binds the organisation or the other party. */
function transparencyBasis(o: TransparencyObligation, own: boolean): TierBasis {
  return {
    reference: o.reference,
    urn: o.urn,
    explanation: own
      ? `Art. 50 trigger: ${o.obligation} (your duty as ${roleName(o.addressee)})`
      : `Art. 50 trigger: ${o.obligation}. This binds the system's ${roleName(o.addressee)}, not the organisation in its role`,
  };
}

/** Art. 6(4) and 49(2): what the provider of an Annex III system lifted by Art. 6(3) must still do. */
function derogationDuties(
  points: readonly AnnexIIIPoint[],
  conditions: readonly DerogationCondition[],
): TierBasis[] {
  return [
    {
      reference: 'Art. 6(3)',
      urn: urn('art-6-3'),
      explanation: `${points.map((p) => annexIIIBasis(p).reference).join(', ')} lifted: condition(s) ${conditions
        .map((c) => `6(3)(${DEROGATION_LETTER[c]})`)
        .join(', ')} met and no profiling`,
    },
    {
      reference: 'Art. 6(4)',
      urn: urn('art-6-4'),
      explanation:
        'The provider documents this assessment before placing the system on the market or into service',
    },
    {
      reference: 'Art. 49(2)',
      urn: urn('art-49-2'),
      explanation: 'The provider registers the system in the EU database despite the derogation',
    },
  ];
}

/** Chapter V duties for a general-purpose AI model, for the provider; a note for any other role. */
function gpaiTrack(
  answers: TierAnswers,
  provider: boolean,
): { obligations: GpaiObligation[]; basis: TierBasis[] } {
  if (!answers.gpaiModel) return { obligations: [], basis: [] };
  const duties = [...GPAI, ...(answers.gpaiSystemicRisk ? GPAI_SYSTEMIC : [])];
  if (provider) return { obligations: duties, basis: [] };
  return {
    obligations: [],
    basis: duties.map((d) => ({
      reference: d.reference,
      urn: d.urn,
      explanation: `General-purpose AI model: ${d.obligation}. This binds the model's provider, not the organisation in its role`,
    })),
  };
}

/**
 * Derives the tier. Precedence: any Art. 5 practice makes the system prohibited whatever else holds, and a
 * prohibited system carries no other duty because it may not be placed on the market or used at all (an
 * emotion-recognition use at work or school for medical or safety reasons is not prohibited but routed to
 * Annex III 1(c)); then Art. 6(1) (Annex I) and Art. 6(2) (Annex III) make it high-risk, where Art. 6(3) can
 * lift only the Annex III ground and never for a system that profiles people; then any Art. 50 trigger
 * makes it limited risk; otherwise it is minimal risk. Art. 50 duties are reported for every other tier,
 * because they accompany high-risk duties rather than replace them, but only those of the organisation's
 * role: the other party's appear in the basis as notes. General-purpose AI model duties (Art. 53, 55) are
 * a separate track beside the tier.
 */
export function deriveEuAiActTier(answers: TierAnswers, role: AISystemRole): TierResult {
  const sides = ADDRESSEES[role];
  const all = transparencyObligations(answers.transparencyTriggers);
  const obligations = all.filter((o) => sides.includes(o.addressee));
  const notes = all.filter((o) => !sides.includes(o.addressee)).map((o) => transparencyBasis(o, false));
  const gpai = gpaiTrack(answers, sides.includes(PROVIDER));

  const medicalOrSafety =
    answers.medicalOrSafetyUse &&
    answers.prohibitedPractices.includes(ProhibitedPractice.EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL);
  const practices = inOrder(ProhibitedPractice, answers.prohibitedPractices).filter(
    (p) => !(medicalOrSafety && p === ProhibitedPractice.EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL),
  );
  if (practices.length > 0) {
    return {
      tier: EuAiActTier.PROHIBITED,
      basis: practices.map((p) => ({
        reference: `Art. 5(1)(${PRACTICES[p].letter})`,
        urn: urn(`art-5-1-${PRACTICES[p].letter}`),
        explanation: PRACTICES[p].text,
      })),
      transparencyObligations: [],
      gpaiObligations: [],
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
  const points = inOrder(AnnexIIIPoint, [
    ...answers.annexIIIPoints,
    ...(medicalOrSafety ? [AnnexIIIPoint.ANNEX_III_1_C] : []),
  ]);
  const exception: TierBasis[] = medicalOrSafety
    ? [
        {
          reference: 'Art. 5(1)(f)',
          urn: urn('art-5-1-f'),
          explanation:
            'Not prohibited: emotion recognition at work or in education for medical or safety reasons is excepted and falls under Annex III 1(c)',
        },
      ]
    : [];
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
  const derogation = derogationApplied ? derogationDuties(points, conditions) : [];
  const rest = [...derogation, ...exception];
  const own = obligations.map((o) => transparencyBasis(o, true));
  const result = {
    transparencyObligations: obligations,
    gpaiObligations: gpai.obligations,
    derogationApplied,
  };
  if (basis.length > 0) {
    return { ...result, tier: EuAiActTier.HIGH_RISK, basis: [...basis, ...rest, ...notes, ...gpai.basis] };
  }
  if (all.length > 0) {
    return {
      ...result,
      tier: EuAiActTier.LIMITED_RISK,
      basis: [...rest, ...own, ...notes, ...gpai.basis],
    };
  }
  return {
    ...result,
    tier: EuAiActTier.MINIMAL_RISK,
    basis: [
      ...rest,
      ...gpai.basis,
      {
        reference: 'Art. 4',
        urn: urn('art-4'),
        explanation: `No prohibited practice, high-risk ground or transparency trigger, so no tier-specific obligations${
          answers.gpaiModel ? ' (general-purpose AI model duties are listed separately)' : ''
        }; AI literacy applies as to every AI system, with the rest of the organisation's legal duties`,
      },
    ],
  };
}
