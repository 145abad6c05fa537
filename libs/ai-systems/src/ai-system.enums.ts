import { registerEnumType } from '@nestjs/graphql';
import {
  AnnexIIIPoint,
  DerogationCondition,
  EuAiActTier,
  ProhibitedPractice,
  TransparencyAddressee,
  TransparencyTrigger,
} from './eu-ai-act-tier';
import { ApplicationScale, IntelligenceLevel, ScenarioCriticality, Tc260Grade } from './tc260-grading';

/** The organisation's role towards the AI system (contract). */
export enum AISystemRole {
  PROVIDER = 'PROVIDER',
  DEPLOYER = 'DEPLOYER',
  DEVELOPER = 'DEVELOPER',
  DISTRIBUTOR = 'DISTRIBUTOR',
  IMPORTER = 'IMPORTER',
  USER = 'USER',
}

/** AI system life-cycle stages of ISO/IEC 22989 (contract). */
export enum LifecycleStage {
  INCEPTION = 'INCEPTION',
  DESIGN_AND_DEVELOPMENT = 'DESIGN_AND_DEVELOPMENT',
  VERIFICATION_AND_VALIDATION = 'VERIFICATION_AND_VALIDATION',
  DEPLOYMENT = 'DEPLOYMENT',
  OPERATION_AND_MONITORING = 'OPERATION_AND_MONITORING',
  CONTINUOUS_VALIDATION = 'CONTINUOUS_VALIDATION',
  RE_EVALUATION = 'RE_EVALUATION',
  RETIREMENT = 'RETIREMENT',
}

/** ISO/IEC 42005: a version is drafted, then approved, which freezes it. */
export enum ImpactAssessmentStatus {
  DRAFT = 'DRAFT',
  APPROVED = 'APPROVED',
}

export enum ImpactKind {
  BENEFIT = 'BENEFIT',
  HARM = 'HARM',
}

registerEnumType(AISystemRole, {
  name: 'AISystemRole',
  description: 'The organisation’s role towards the AI system.',
});
registerEnumType(LifecycleStage, {
  name: 'LifecycleStage',
  description: 'AI system life-cycle stage (ISO/IEC 22989).',
  valuesMap: {
    CONTINUOUS_VALIDATION: {
      description: 'Ongoing checks of a system that keeps learning or whose data drifts in operation.',
    },
  },
});
registerEnumType(EuAiActTier, { name: 'EuAiActTier', description: 'EU AI Act risk tier.' });
registerEnumType(ProhibitedPractice, {
  name: 'ProhibitedPractice',
  description: 'EU AI Act Art. 5(1)(a)–(h) prohibited practices.',
  valuesMap: {
    MANIPULATION: { description: 'Art. 5(1)(a)' },
    EXPLOITATION_OF_VULNERABILITIES: { description: 'Art. 5(1)(b)' },
    SOCIAL_SCORING: { description: 'Art. 5(1)(c)' },
    CRIME_RISK_PROFILING: { description: 'Art. 5(1)(d)' },
    UNTARGETED_FACIAL_SCRAPING: { description: 'Art. 5(1)(e)' },
    EMOTION_RECOGNITION_AT_WORK_OR_SCHOOL: {
      description:
        'Art. 5(1)(f); not for medical or safety reasons, which are excepted (answer medicalOrSafetyUse: the use is then Annex III 1(c))',
    },
    SENSITIVE_BIOMETRIC_CATEGORISATION: { description: 'Art. 5(1)(g)' },
    REAL_TIME_REMOTE_BIOMETRIC_IDENTIFICATION: { description: 'Art. 5(1)(h)' },
  },
});
registerEnumType(AnnexIIIPoint, {
  name: 'AnnexIIIPoint',
  description:
    'EU AI Act Annex III area and sub-point: ANNEX_III_4_A is Annex III 4(a) (recruitment and selection); ANNEX_III_2 is Annex III 2 (critical infrastructure), which has no sub-points.',
});
registerEnumType(DerogationCondition, {
  name: 'DerogationCondition',
  description: 'EU AI Act Art. 6(3) conditions under which an Annex III system is not high-risk.',
  valuesMap: {
    NARROW_PROCEDURAL_TASK: { description: 'Art. 6(3)(a)' },
    IMPROVES_COMPLETED_HUMAN_ACTIVITY: { description: 'Art. 6(3)(b)' },
    DETECTS_DECISION_PATTERNS: {
      description: 'Art. 6(3)(c): without replacing or influencing the human assessment',
    },
    PREPARATORY_TASK: { description: 'Art. 6(3)(d)' },
  },
});
registerEnumType(TransparencyTrigger, {
  name: 'TransparencyTrigger',
  description: 'EU AI Act Art. 50 transparency triggers.',
  valuesMap: {
    INTERACTS_WITH_PEOPLE: { description: 'Art. 50(1)' },
    GENERATES_SYNTHETIC_CONTENT: { description: 'Art. 50(2)' },
    EMOTION_RECOGNITION: { description: 'Art. 50(3)' },
    BIOMETRIC_CATEGORISATION: { description: 'Art. 50(3)' },
    DEEPFAKE: { description: 'Art. 50(4)' },
    PUBLIC_INTEREST_TEXT: { description: 'Art. 50(4)' },
  },
});
registerEnumType(TransparencyAddressee, {
  name: 'TransparencyAddressee',
  description: 'Who an EU AI Act Art. 50 duty binds.',
});
registerEnumType(Tc260Grade, {
  name: 'Tc260Grade',
  description:
    'TC260 AI Safety Governance Framework 2.0 grade; the five grades are known from secondary sources (secondary).',
});
registerEnumType(IntelligenceLevel, {
  name: 'IntelligenceLevel',
  description: 'TC260 grading factor: level of intelligence / capability, lowest first.',
  valuesMap: {
    BASIC: { description: 'Task-specific model or rule-based automation.' },
    ADVANCED: { description: 'General-purpose or generative model acting under close human direction.' },
    FRONTIER: { description: 'Frontier, reasoning or agentic model able to act with autonomy.' },
  },
});
registerEnumType(ScenarioCriticality, {
  name: 'ScenarioCriticality',
  description: 'TC260 grading factor: attributes of the application scenario, least critical first.',
  valuesMap: {
    GENERAL: { description: 'Ordinary business or consumer use.' },
    SENSITIVE: { description: 'Decisions about people’s rights, opportunities, money or health.' },
    CRITICAL: { description: 'Critical infrastructure, public safety or security.' },
  },
});
registerEnumType(ApplicationScale, {
  name: 'ApplicationScale',
  description: 'TC260 grading factor: application scale, smallest first.',
  valuesMap: {
    SMALL: { description: 'Internal use or a small, known user group.' },
    MEDIUM: { description: 'An organisation-wide or regional user base.' },
    LARGE: { description: 'The public at large, or a very large population of affected people.' },
  },
});
registerEnumType(ImpactAssessmentStatus, {
  name: 'ImpactAssessmentStatus',
  description: 'DRAFT versions can be edited; APPROVED versions are frozen.',
});
registerEnumType(ImpactKind, { name: 'ImpactKind' });
