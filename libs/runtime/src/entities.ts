import { AI_SYSTEMS_ENTITIES } from '@aims/ai-systems';
import { AUDIT_LOG_ENTITIES } from '@aims/audit-log';
import { CATALOG_ENTITIES } from '@aims/catalog';
import { CYCLES_ENTITIES } from '@aims/cycles';
import { EVIDENCE_ENTITIES } from '@aims/evidence';
import { EXPORTS_ENTITIES } from '@aims/exports';
import { IDENTITY_ENTITIES } from '@aims/identity';
import { Organisation, RateLimitBucket } from '@aims/platform';
import { REASSESSMENT_ENTITIES } from '@aims/reassessment';
import { RISKS_ENTITIES } from '@aims/risks';
import { WEBHOOKS_ENTITIES } from '@aims/webhooks';

/** Every entity of every domain: the one list the DataSource (app, migration CLI, tests) is built from. */
export const ENTITIES = [
  Organisation,
  RateLimitBucket,
  ...AUDIT_LOG_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...CATALOG_ENTITIES,
  ...AI_SYSTEMS_ENTITIES,
  ...RISKS_ENTITIES,
  ...REASSESSMENT_ENTITIES,
  ...CYCLES_ENTITIES,
  ...EVIDENCE_ENTITIES,
  ...WEBHOOKS_ENTITIES,
  ...EXPORTS_ENTITIES,
];
