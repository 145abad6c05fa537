import { registerEnumType } from '@nestjs/graphql';

/** What a piece of evidence is (contract, docs/domain-rules.md#evidence). */
export enum EvidenceKind {
  DOCUMENT = 'DOCUMENT',
  /** A URL; its versions record the URL and, when the client provides it, the hash of what it served. */
  LINK = 'LINK',
  ATTESTATION = 'ATTESTATION',
  RECORD = 'RECORD',
}
registerEnumType(EvidenceKind, { name: 'EvidenceKind', description: 'What a piece of evidence is.' });

/** Review state as stored; EXPIRED is never stored, it is computed from `validUntil` on every read. */
export enum EvidenceReviewState {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

/** Status of evidence (contract): the review state, or EXPIRED once `validUntil` has passed. */
export enum EvidenceStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(EvidenceStatus, {
  name: 'EvidenceStatus',
  description: 'DRAFT → SUBMITTED → ACCEPTED or REJECTED; EXPIRED whenever `validUntil` has passed.',
});

export enum EvidenceReviewDecision {
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
}
registerEnumType(EvidenceReviewDecision, { name: 'EvidenceReviewDecision' });

/** What evidence can be linked to. Requirements are named by URN, everything else by id. */
export enum EvidenceLinkTargetType {
  REQUIREMENT = 'REQUIREMENT',
  RISK = 'RISK',
  SOA_ENTRY = 'SOA_ENTRY',
  CHECKLIST_ITEM = 'CHECKLIST_ITEM',
  AUDIT_FINDING = 'AUDIT_FINDING',
}
registerEnumType(EvidenceLinkTargetType, {
  name: 'EvidenceLinkTargetType',
  description: 'REQUIREMENT targets are requirement URNs; the others are ids.',
});

/** Link targets owned by the cycles domain (validated through its service, no foreign keys). */
export const CYCLE_TARGET_TYPES = [
  EvidenceLinkTargetType.SOA_ENTRY,
  EvidenceLinkTargetType.CHECKLIST_ITEM,
  EvidenceLinkTargetType.AUDIT_FINDING,
] as const;
export type CycleTargetType = (typeof CYCLE_TARGET_TYPES)[number];
