import DataLoader from 'dataloader';
import { Requirement } from '@aims/catalog';
import { byIdLoader, childrenLoader, GraphQLContext } from '@aims/platform';
import { Risk } from '@aims/risks';
import { EvidenceLink } from './evidence-link.entity';
import { EvidenceReader } from './evidence-reader';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceVersion } from './evidence-version.entity';

/*
 * Per-request loaders of evidence, keyed by organisation: one statement per kind of row whatever the page
 * size. Each is called as `xLoader(ctx, reader, organisationId)`.
 */

/** Versions of evidence items, newest first. */
export function versionsOfItemLoader(
  ctx: GraphQLContext,
  reader: EvidenceReader,
  org: string,
): DataLoader<string, EvidenceVersion[]> {
  return childrenLoader(
    ctx,
    'evidence-versions-of',
    org,
    (ids) => reader.versionsOf(org, ids),
    (v) => v.evidenceItemId,
  );
}

/** Review decisions of evidence items, newest first. */
export function reviewsOfItemLoader(
  ctx: GraphQLContext,
  reader: EvidenceReader,
  org: string,
): DataLoader<string, EvidenceReview[]> {
  return childrenLoader(
    ctx,
    'evidence-reviews',
    org,
    (ids) => reader.reviewsOf(org, ids),
    (r) => r.evidenceItemId,
  );
}

export function linksOfItemLoader(
  ctx: GraphQLContext,
  reader: EvidenceReader,
  org: string,
): DataLoader<string, EvidenceLink[]> {
  return childrenLoader(
    ctx,
    'evidence-links',
    org,
    (ids) => reader.linksOf(org, ids),
    (l) => l.evidenceItemId,
  );
}

export function versionLoader(
  ctx: GraphQLContext,
  reader: EvidenceReader,
  org: string,
): DataLoader<string, EvidenceVersion | null> {
  return byIdLoader(
    ctx,
    'evidence-versions',
    org,
    (ids) => reader.versionsByIds(org, ids),
    (v) => v.id,
  );
}

/** Linked requirements by URN, retired ones included. */
export function linkedRequirementLoader(
  ctx: GraphQLContext,
  reader: EvidenceReader,
  org: string,
): DataLoader<string, Requirement | null> {
  return byIdLoader(
    ctx,
    'evidence-requirements',
    org,
    (urns) => reader.requirements(org, urns),
    (r) => r.urn,
  );
}

export function linkedRiskLoader(
  ctx: GraphQLContext,
  reader: EvidenceReader,
  org: string,
): DataLoader<string, Risk | null> {
  return byIdLoader(
    ctx,
    'evidence-risks',
    org,
    (ids) => reader.risksByIds(org, ids),
    (r) => r.id,
  );
}
