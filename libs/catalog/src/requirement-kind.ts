import { registerEnumType } from '@nestjs/graphql';

/** What a requirement node is (libs/catalog/data/README.md lists them). New kinds need a code change here. */
export enum RequirementKind {
  SECTION = 'SECTION',
  CLAUSE = 'CLAUSE',
  CONTROL_AREA = 'CONTROL_AREA',
  CONTROL = 'CONTROL',
  PROCESS_STEP = 'PROCESS_STEP',
  PRINCIPLE = 'PRINCIPLE',
  OBJECTIVE = 'OBJECTIVE',
  RISK_SOURCE = 'RISK_SOURCE',
  RISK_CATEGORY = 'RISK_CATEGORY',
  RISK_GROUP = 'RISK_GROUP',
  RISK = 'RISK',
  FUNCTION = 'FUNCTION',
  CATEGORY = 'CATEGORY',
  SUBCATEGORY = 'SUBCATEGORY',
  CHARACTERISTIC = 'CHARACTERISTIC',
  ARTICLE = 'ARTICLE',
  PARAGRAPH = 'PARAGRAPH',
  ANNEX = 'ANNEX',
  ANNEX_POINT = 'ANNEX_POINT',
  RISK_TIER = 'RISK_TIER',
  MEASURE = 'MEASURE',
  GRADE = 'GRADE',
}
registerEnumType(RequirementKind, { name: 'RequirementKind', description: 'What a requirement node is.' });

export const REQUIREMENT_KINDS: readonly RequirementKind[] = Object.values(RequirementKind);

/** Plan-Do-Check-Act phase of an ISO/IEC 42001 clause (the usual convention: 4-6 PLAN, 7-8 DO, 9 CHECK, 10 ACT). */
export enum PdcaPhase {
  PLAN = 'PLAN',
  DO = 'DO',
  CHECK = 'CHECK',
  ACT = 'ACT',
}
registerEnumType(PdcaPhase, { name: 'PdcaPhase', description: 'Plan-Do-Check-Act phase.' });

export const PDCA_PHASES: readonly PdcaPhase[] = Object.values(PdcaPhase);
