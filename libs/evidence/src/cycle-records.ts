import { CycleTargetType } from './evidence.enums';
import { ImplementationSource, ImplementationStatus } from './coverage';

export interface CycleRequirementStatus {
  urn: string;
  status: ImplementationStatus;
  source: ImplementationSource;
  /** The checklist item or SoA entry holding the status. */
  entityId: string;
}

/**
 * What evidence needs from the cycles domain, and nothing more; the cycles library's CycleRecordReader
 * provides it (see evidence.module.ts).
 */
export abstract class CycleRecords {
  /** NOT_FOUND for a missing or foreign SoA entry, checklist item or audit finding. */
  abstract assertLinkTargets(
    organisationId: string,
    targets: { type: CycleTargetType; id: string }[],
  ): Promise<void>;

  /**
   * Checklist items by clause URN and SoA entries by control URN, as they stood at `asOf` when given;
   * NOT_FOUND for a foreign cycle.
   */
  abstract requirementStatuses(
    organisationId: string,
    cycleId: string,
    asOf?: Date,
  ): Promise<CycleRequirementStatus[]>;
}
