import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeHook, changeRow, UnitOfWork, Work } from '@aims/audit-log';
import {
  Actor,
  actorId,
  BadUserInput,
  Clock,
  Conflict,
  Connection,
  Forbidden,
  keysetPage,
  NotFound,
} from '@aims/platform';
import { AddEvidenceLinkVersionInput, ReviewEvidenceInput, SubmitEvidenceInput } from './dto/evidence.inputs';
import { EvidenceKind, EvidenceReviewDecision, EvidenceReviewState } from './evidence.enums';
import { actionProblem, EvidenceAction } from './evidence-status';
import { EvidenceItem } from './evidence-item.entity';
import { findItem, lockItem } from './evidence-rows';
import { EvidenceReview } from './evidence-review.entity';
import { EvidenceVersion } from './evidence-version.entity';
import { applyValidity, VALIDITY_FIELDS, ValidityChange, validityProblems } from './evidence-validity';

/** What a new version holds: a stored file or a URL. */
export interface VersionContent {
  sha256: string | null;
  sizeBytes: number | null;
  mediaType: string | null;
  originalName: string | null;
  url: string | null;
  uploadId: string | null;
}

/** A URL version as LINK evidence records it (its hash as the client computed it; AIMS fetches nothing). */
export function urlVersion(url: string, sha256: string | null | undefined): VersionContent {
  return {
    sha256: sha256 ?? null,
    sizeBytes: null,
    mediaType: null,
    originalName: null,
    url,
    uploadId: null,
  };
}

/**
 * Versions of evidence items and their review: submit, accept or reject (docs/domain-rules.md#evidence;
 * 42001 7.5.3 control of documented information).
 */
@Injectable()
export class EvidenceVersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly changes: ChangeHook,
  ) {}

  /** A new URL version of LINK evidence. */
  async addLinkVersion(
    actor: Actor,
    input: AddEvidenceLinkVersionInput,
  ): Promise<{ item: EvidenceItem; version: EvidenceVersion }> {
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      if (item.kind !== EvidenceKind.LINK) {
        throw BadUserInput.field(
          'input.evidenceItemId',
          'is not LINK evidence: upload files with createEvidenceUpload',
        );
      }
      const version = await this.addVersion(work, item, urlVersion(input.url, input.sha256), input);
      return { item, version };
    });
  }

  /**
   * Records a new version inside the caller's unit of work and puts the evidence back to DRAFT: a new version
   * must be reviewed before it counts. Validity dates given with the version replace the item's.
   */
  async addVersion(
    work: Work,
    item: EvidenceItem,
    content: VersionContent,
    validity: ValidityChange = {},
  ): Promise<EvidenceVersion> {
    const problem = actionProblem(EvidenceAction.ADD_VERSION, item.state, {
      hasVersion: item.versionCount > 0,
    });
    if (problem) throw new Conflict(`Cannot add a version to evidence ${item.id}: ${problem}`);
    const problems = validityProblems(validity, item, this.clock.now());
    if (problems.length > 0) throw new BadUserInput(problems);
    const repo = work.manager.getRepository(EvidenceVersion);
    const version = await repo.save(
      repo.create({
        organisationId: item.organisationId,
        evidenceItemId: item.id,
        number: item.versionCount + 1,
        ...content,
        uploadedByType: work.actor.type,
        uploadedById: actorId(work.actor),
        uploadedAt: this.clock.now(),
      }),
    );
    await changeRow(
      work,
      item,
      {
        entity: EvidenceItem,
        entityType: 'EvidenceItem',
        action: 'evidence.version_added',
        fields: ['state', ...VALIDITY_FIELDS],
        always: true,
        details: () => ({
          version: {
            id: version.id,
            number: version.number,
            sha256: version.sha256,
            sizeBytes: version.sizeBytes,
            mediaType: version.mediaType,
            originalName: version.originalName,
            url: version.url,
          },
        }),
      },
      (row) => {
        row.versionCount = version.number;
        row.currentVersionId = version.id;
        row.state = EvidenceReviewState.DRAFT;
        applyValidity(row, validity);
      },
    );
    return version;
  }

  /** Puts the latest version up for review. */
  async submit(actor: Actor, input: SubmitEvidenceInput): Promise<EvidenceItem> {
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      const problem = actionProblem(EvidenceAction.SUBMIT, item.state, {
        hasVersion: item.currentVersionId !== null,
      });
      if (problem) throw new Conflict(`Cannot submit evidence ${item.id}: ${problem}`);
      const submission = {
        entity: EvidenceItem,
        entityType: 'EvidenceItem',
        action: 'evidence.submitted',
        fields: ['state', 'submittedVersionId'] as const,
        always: true,
      };
      await changeRow(work, item, submission, (row) => {
        row.state = EvidenceReviewState.SUBMITTED;
        row.submittedVersionId = row.currentVersionId;
        row.submittedAt = this.clock.now();
      });
      work.emit('evidence.submitted', {
        evidenceItemId: item.id,
        title: item.title,
        kind: item.kind,
        versionId: item.submittedVersionId,
      });
      return item;
    });
  }

  /**
   * Accepts or rejects the submitted version. The reviewer must not be the version's uploader (four eyes,
   * 42001 7.5.3 control of documented information); a rejection says why.
   */
  async review(
    actor: Actor,
    input: ReviewEvidenceInput,
  ): Promise<{ item: EvidenceItem; review: EvidenceReview }> {
    const accept = input.decision === EvidenceReviewDecision.ACCEPT;
    if (!accept && !input.comment) throw BadUserInput.field('input.comment', 'is required when rejecting');
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      const problem = actionProblem(EvidenceAction.REVIEW, item.state, { hasVersion: true });
      if (problem) throw new Conflict(`Cannot review evidence ${item.id}: ${problem}`);
      if (input.versionId && input.versionId !== item.submittedVersionId) {
        throw new Conflict(`Version ${input.versionId} is not the version under review`);
      }
      const version = await work.manager
        .getRepository(EvidenceVersion)
        .findOneByOrFail({ id: item.submittedVersionId as string, organisationId: actor.organisationId });
      if (version.uploadedById !== null && version.uploadedById === actorId(actor)) {
        throw new Forbidden('The uploader of a version cannot review it; another reviewer must');
      }
      const now = this.clock.now();
      const repo = work.manager.getRepository(EvidenceReview);
      const review = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          evidenceItemId: item.id,
          versionId: version.id,
          decision: input.decision,
          comment: input.comment ?? null,
          reviewerType: actor.type,
          reviewerId: actorId(actor),
          reviewedAt: now,
          validFrom: item.validFrom,
          validUntil: item.validUntil,
        }),
      );
      const type = accept ? 'evidence.accepted' : 'evidence.rejected';
      const decision = {
        entity: EvidenceItem,
        entityType: 'EvidenceItem',
        action: type,
        fields: ['state', 'acceptedVersionId'] as const,
        always: true,
        details: () => ({ reviewId: review.id, versionId: version.id, comment: review.comment }),
      };
      await changeRow(work, item, decision, (row) => {
        row.state = accept ? EvidenceReviewState.ACCEPTED : EvidenceReviewState.REJECTED;
        if (accept) {
          row.acceptedVersionId = version.id;
          row.acceptedAt = now;
        }
      });
      work.emit(type, {
        evidenceItemId: item.id,
        title: item.title,
        versionId: version.id,
        sha256: version.sha256,
        reviewId: review.id,
        comment: review.comment,
        validUntil: item.validUntil,
      });
      if (accept) await this.changes.publish(work, 'evidence.accepted', [item.id]);
      return { item, review };
    });
  }

  /** Versions of one item, newest first. */
  async versions(
    actor: Actor,
    evidenceItemId: string,
    first: number,
    after?: string,
  ): Promise<Connection<EvidenceVersion>> {
    await findItem(this.dataSource.manager, actor.organisationId, evidenceItemId);
    const qb = this.dataSource
      .getRepository(EvidenceVersion)
      .createQueryBuilder('v')
      .where('v.organisationId = :org AND v.evidenceItemId = :evidenceItemId', {
        org: actor.organisationId,
        evidenceItemId,
      });
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 'v.number', value: (v) => v.number, direction: 'DESC', kind: 'number' },
      idColumn: 'v.id',
      id: (v) => v.id,
    });
  }

  async version(actor: Actor, evidenceItemId: string, versionId: string): Promise<EvidenceVersion> {
    const version = await this.dataSource
      .getRepository(EvidenceVersion)
      .findOneBy({ id: versionId, evidenceItemId, organisationId: actor.organisationId });
    if (!version) throw new NotFound('EvidenceVersion', versionId);
    return version;
  }
}
