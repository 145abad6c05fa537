import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  Actor,
  actorId,
  Clock,
  Conflict,
  findTenantRow,
  Forbidden,
  lockTenantRow,
  NotFound,
} from '@aims/platform';
import { changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
import { AISystem } from './ai-system.entity';
import { ImpactAssessmentStatus } from './ai-system.enums';
import {
  ApproveImpactAssessmentInput,
  CreateImpactAssessmentInput,
  UpdateImpactAssessmentInput,
} from './dto/impact-assessment.inputs';
import { ImpactAssessment } from './impact-assessment.entity';

/** An approved impact assessment is reviewed at least yearly (42001 8.4: at planned intervals). */
const REVIEW_INTERVAL_MS = 365 * 24 * 3600 * 1000;

const CONTENT_FIELDS = [
  'scope',
  'systemInformation',
  'dataInformation',
  'modelInformation',
  'deploymentContext',
  'interestedParties',
  'impacts',
  'measures',
] as const;

/** AI system impact assessments (42001 6.1.4, 8.4, A.5; ISO/IEC 42005): versioned, frozen on approval. */
@Injectable()
export class ImpactAssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, id: string): Promise<ImpactAssessment> {
    return findTenantRow(
      this.dataSource.manager,
      ImpactAssessment,
      'ImpactAssessment',
      actor.organisationId,
      id,
    );
  }

  /** Every version for each of the organisation's AI systems, newest first (one statement for a page). */
  forSystems(organisationId: string, aiSystemIds: readonly string[]): Promise<ImpactAssessment[]> {
    return this.dataSource.getRepository(ImpactAssessment).find({
      where: { organisationId, aiSystemId: In([...aiSystemIds]) },
      order: { version: 'DESC' },
    });
  }

  /** Starts the next version as a DRAFT authored by the caller. */
  async create(actor: Actor, input: CreateImpactAssessmentInput): Promise<ImpactAssessment> {
    return this.uow.run(actor, async (work) => {
      // Locking the system serialises version numbers per AI system.
      const system = await work.manager
        .getRepository(AISystem)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.id = :id AND s.organisationId = :org', { id: input.aiSystemId, org: actor.organisationId })
        .getOne();
      if (!system) throw new NotFound('AISystem', input.aiSystemId);
      const repo = work.manager.getRepository(ImpactAssessment);
      const latest = await repo.findOne({ where: { aiSystemId: system.id }, order: { version: 'DESC' } });
      const assessment = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          aiSystemId: system.id,
          version: (latest?.version ?? 0) + 1,
          status: ImpactAssessmentStatus.DRAFT,
          scope: input.scope,
          systemInformation: input.systemInformation ?? null,
          dataInformation: input.dataInformation ?? null,
          modelInformation: input.modelInformation ?? null,
          deploymentContext: input.deploymentContext ?? null,
          interestedParties: input.interestedParties ?? [],
          impacts: (input.impacts ?? []).map((i) => ({ ...i })),
          measures: input.measures ?? [],
          authorType: actor.type,
          authorId: actorId(actor),
          approvedById: null,
          approvedAt: null,
          approvalComment: null,
          nextReviewAt: null,
        }),
      );
      work.audit({
        action: 'impact_assessment.created',
        entityType: 'ImpactAssessment',
        entityId: assessment.id,
        changes: {
          aiSystemId: system.id,
          version: assessment.version,
          ...diffFields(null, assessment, CONTENT_FIELDS),
        },
      });
      return assessment;
    });
  }

  /** Edits a draft; an approved version is frozen. */
  async update(actor: Actor, input: UpdateImpactAssessmentInput): Promise<ImpactAssessment> {
    return this.uow.run(actor, async (work) => {
      const assessment = await lockTenantRow(
        work.manager,
        ImpactAssessment,
        'ImpactAssessment',
        actor.organisationId,
        input.id,
      );
      if (assessment.status !== ImpactAssessmentStatus.DRAFT) {
        throw new Conflict(
          `Impact assessment version ${assessment.version} is approved and frozen; create a new version`,
        );
      }
      const before = { ...assessment };
      for (const field of CONTENT_FIELDS) {
        const value = input[field];
        if (value !== undefined) Object.assign(assessment, { [field]: value ?? null });
      }
      if (input.impacts) assessment.impacts = input.impacts.map((i) => ({ ...i }));
      const changed = diffFields(before, assessment, CONTENT_FIELDS);
      if (Object.keys(changed).length === 0) return assessment;
      const editor = actorId(actor);
      if (editor && editor !== assessment.authorId && !assessment.editorIds.includes(editor)) {
        assessment.editorIds = [...assessment.editorIds, editor];
      }
      await work.manager.getRepository(ImpactAssessment).save(assessment);
      work.audit({
        action: 'impact_assessment.updated',
        entityType: 'ImpactAssessment',
        entityId: assessment.id,
        changes: changed,
      });
      return assessment;
    });
  }

  /** Approval freezes the version. Four eyes: neither the author nor an editor of the draft may approve it. */
  async approve(actor: Actor, input: ApproveImpactAssessmentInput): Promise<ImpactAssessment> {
    return this.uow.run(actor, async (work) => {
      const assessment = await lockTenantRow(
        work.manager,
        ImpactAssessment,
        'ImpactAssessment',
        actor.organisationId,
        input.id,
      );
      if (assessment.status !== ImpactAssessmentStatus.DRAFT) {
        throw new Conflict(`Impact assessment version ${assessment.version} is already approved`);
      }
      const approver = actorId(actor);
      if (
        approver !== null &&
        (assessment.authorId === approver || assessment.editorIds.includes(approver))
      ) {
        throw new Forbidden('Whoever wrote or edited an impact assessment cannot approve it');
      }
      const now = this.clock.now();
      await changeRow(
        work,
        assessment,
        {
          entity: ImpactAssessment,
          entityType: 'ImpactAssessment',
          action: 'impact_assessment.approved',
          fields: ['status'],
          always: true,
          details: (a) => ({ version: a.version, comment: a.approvalComment }),
        },
        (a) => {
          a.status = ImpactAssessmentStatus.APPROVED;
          a.approvedById = actorId(actor);
          a.approvedAt = now;
          a.approvalComment = input.comment ?? null;
          a.nextReviewAt = new Date(now.getTime() + REVIEW_INTERVAL_MS);
        },
      );
      return assessment;
    });
  }
}
