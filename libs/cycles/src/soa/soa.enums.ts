import { registerEnumType } from '@nestjs/graphql';

/** Implementation status of an applicable control in the Statement of Applicability (42001 6.1.3). */
export enum ImplementationStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
}

export enum SoAEntryOrigin {
  ANNEX_A = 'ANNEX_A',
  ADDED = 'ADDED',
}

registerEnumType(ImplementationStatus, {
  name: 'ImplementationStatus',
  description: 'How far an applicable control is implemented.',
});

registerEnumType(SoAEntryOrigin, {
  name: 'SoAEntryOrigin',
  valuesMap: {
    ANNEX_A: { description: 'One of the 38 ISO/IEC 42001 Annex A controls, listed in every SoA.' },
    ADDED: { description: 'A control the organisation added (any assessable catalog requirement).' },
  },
});
