import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Actor,
  Clock,
  Connection,
  findTenantRow,
  keysetPage,
  likePattern,
  lockTenantRow,
} from '@aims/platform';
import { ChangeHook, changeRow, diffFields, FieldDiff, UnitOfWork, Work } from '@aims/audit-log';
import { MembershipService } from '@aims/identity';
import { AISystem } from './ai-system.entity';
import { ImpactAssessmentStatus } from './ai-system.enums';
import { ImpactAssessment } from './impact-assessment.entity';
import {
  AISystemFilter,
  ClassifyAISystemInput,
  CreateAISystemInput,
  EuAiActAnswersInput,
  UpdateAISystemInput,
} from './dto/ai-system.inputs';
import { deriveEuAiActTier, TierAnswers } from './eu-ai-act-tier';
import { Tc260GradingService } from './tc260-grading.service';

/** Fields whose change can alter the system's risks (docs/domain-rules.md#ai-systems): its risks are then put up for review. */
const MATERIAL_FIELDS = [
  'lifecycleStage',
  'modelName',
  'modelVersion',
  'intelligenceLevel',
  'scenarioCriticality',
  'applicationScale',
] as const;

const AUDITED_FIELDS = [
  'name',
  'description',
  'intendedPurpose',
  'role',
  'dataCategories',
  'affectedParties',
  'ownerId',
  ...MATERIAL_FIELDS,
] as const;

const TIER_FIELDS = [
  'tierAnswers',
  'tier',
  'tierBasis',
  'transparencyObligations',
  'gpaiObligations',
] as const;

/** Every answer spelled out, lists in a stable order, so equal answers compare equal. */
export function normaliseAnswers(input: EuAiActAnswersInput): TierAnswers {
  const sorted = <T extends string>(v: T[] | undefined) => [...new Set(v ?? [])].sort();
  return {
    prohibitedPractices: sorted(input.prohibitedPractices),
    annexISafetyComponent: input.annexISafetyComponent ?? false,
    annexIIIPoints: sorted(input.annexIIIPoints),
    derogationConditions: sorted(input.derogationConditions),
    profiling: input.profiling ?? false,
    transparencyTriggers: sorted(input.transparencyTriggers),
    medicalOrSafetyUse: input.medicalOrSafetyUse ?? false,
    gpaiModel: input.gpaiModel ?? false,
    gpaiSystemicRisk: input.gpaiSystemicRisk ?? false,
  };
}

/** The AI system inventory (42001 A.4.2): registration, changes, EU AI Act classification, TC260 grade. */
@Injectable()
export class AISystemService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly members: MembershipService,
    private readonly grading: Tc260GradingService,
    private readonly changes: ChangeHook,
  ) {}

  list(actor: Actor, filter: AISystemFilter, first: number, after?: string): Promise<Connection<AISystem>> {
    const qb = this.dataSource
      .getRepository(AISystem)
      .createQueryBuilder('s')
      .where('s.organisationId = :org', { org: actor.organisationId });
    if (filter.tier) qb.andWhere('s.tier = :tier', { tier: filter.tier });
    if (filter.grade) qb.andWhere('s.grade = :grade', { grade: filter.grade });
    if (filter.lifecycleStage) qb.andWhere('s.lifecycleStage = :stage', { stage: filter.lifecycleStage });
    if (filter.ownerId) qb.andWhere('s.ownerId = :owner', { owner: filter.ownerId });
    if (filter.text) {
      qb.andWhere(
        '(s.name ILIKE :text OR s.description ILIKE :text OR s.intendedPurpose ILIKE :text OR s.modelName ILIKE :text)',
        { text: likePattern(filter.text) },
      );
    }
    return keysetPage(qb, {
      first,
      after,
      sort: { column: 's.createdAt', value: (s) => s.createdAt, direction: 'DESC' },
      idColumn: 's.id',
      id: (s) => s.id,
    });
  }

  async get(actor: Actor, id: string): Promise<AISystem> {
    return findTenantRow(this.dataSource.manager, AISystem, 'AISystem', actor.organisationId, id);
  }

  /** The organisation's AI systems among `ids` (missing and foreign ids are simply absent). */
  findByIds(
    organisationId: string,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AISystem[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(AISystem).findBy({ organisationId, id: In([...new Set(ids)]) });
  }

  /** Which of the given systems have an approved impact assessment version (42001 8.4). */
  async withApprovedImpactAssessment(
    organisationId: string,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await manager.getRepository(ImpactAssessment).find({
      select: { aiSystemId: true },
      where: { organisationId, aiSystemId: In([...new Set(ids)]), status: ImpactAssessmentStatus.APPROVED },
    });
    return new Set(rows.map((r) => r.aiSystemId));
  }

  async create(actor: Actor, input: CreateAISystemInput): Promise<AISystem> {
    const ownerId = input.ownerId ?? actor.userId ?? null;
    if (ownerId)
      await this.members.assertMembers(actor.organisationId, [{ field: 'input.ownerId', userId: ownerId }]);
    return this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(AISystem);
      const system = repo.create({
        organisationId: actor.organisationId,
        name: input.name,
        description: input.description ?? null,
        intendedPurpose: input.intendedPurpose ?? null,
        role: input.role,
        lifecycleStage: input.lifecycleStage,
        modelName: input.modelName ?? null,
        modelVersion: input.modelVersion ?? null,
        dataCategories: input.dataCategories ?? [],
        affectedParties: input.affectedParties ?? [],
        ownerId,
        intelligenceLevel: input.intelligenceLevel ?? null,
        scenarioCriticality: input.scenarioCriticality ?? null,
        applicationScale: input.applicationScale ?? null,
        grade: null,
        gradedAt: null,
        nextRegradeAt: null,
        tierAnswers: null,
        tier: null,
        tierBasis: [],
        transparencyObligations: [],
        gpaiObligations: [],
        derogationApplied: false,
        classifiedAt: null,
      });
      this.grading.regrade(system, await this.grading.ruleTable(actor.organisationId, work.manager));
      if (input.euAiActAnswers) this.applyClassification(system, normaliseAnswers(input.euAiActAnswers));
      await repo.save(system);
      work.audit({
        action: 'ai_system.created',
        entityType: 'AISystem',
        entityId: system.id,
        changes: diffFields(null, system, [...AUDITED_FIELDS, 'grade', 'tier', 'tierAnswers']),
      });
      work.emit('ai_system.created', this.eventPayload(system));
      return system;
    });
  }

  async update(actor: Actor, input: UpdateAISystemInput): Promise<AISystem> {
    if (input.ownerId) {
      await this.members.assertMembers(actor.organisationId, [
        { field: 'input.ownerId', userId: input.ownerId },
      ]);
    }
    return this.uow.run(actor, async (work) => {
      const system = await lockTenantRow(work.manager, AISystem, 'AISystem', actor.organisationId, input.id);
      const before = { ...system };
      for (const field of AUDITED_FIELDS) {
        const value = input[field];
        if (value !== undefined) Object.assign(system, { [field]: value ?? null });
      }
      let changed: Record<string, unknown> = diffFields(before, system, AUDITED_FIELDS);
      if (Object.keys(changed).length === 0) return system;
      // Art. 50 and Chapter V duties follow the role: a new role re-derives them from the same answers.
      if (changed.role && system.tierAnswers) {
        this.applyClassification(system, system.tierAnswers);
        changed = { ...changed, ...diffFields(before, system, TIER_FIELDS) };
      }

      const regrade = this.grading.regrade(
        system,
        await this.grading.ruleTable(actor.organisationId, work.manager),
      );
      await work.manager.getRepository(AISystem).save(system);
      work.audit({
        action: 'ai_system.updated',
        entityType: 'AISystem',
        entityId: system.id,
        changes: changed,
      });
      work.emit('ai_system.updated', { ...this.eventPayload(system), changedFields: Object.keys(changed) });
      await this.afterChange(
        work,
        system,
        changed,
        regrade && { ...regrade, reason: 'grading factors changed' },
      );
      return system;
    });
  }

  /** Records the EU AI Act answers and re-derives the tier from them. */
  async classify(actor: Actor, input: ClassifyAISystemInput): Promise<AISystem> {
    const answers = normaliseAnswers(input.answers);
    return this.uow.run(actor, async (work) => {
      const system = await lockTenantRow(
        work.manager,
        AISystem,
        'AISystem',
        actor.organisationId,
        input.aiSystemId,
      );
      const classifiedBefore = system.classifiedAt;
      const changed: FieldDiff =
        (await changeRow(
          work,
          system,
          {
            entity: AISystem,
            entityType: 'AISystem',
            action: 'ai_system.classified',
            fields: TIER_FIELDS,
            always: true,
            details: (s) => ({ classifiedAt: { from: classifiedBefore, to: s.classifiedAt } }),
          },
          (s) => this.applyClassification(s, answers),
        )) ?? {};
      if (Object.keys(changed).length > 0) {
        work.emit('ai_system.updated', { ...this.eventPayload(system), changedFields: Object.keys(changed) });
      }
      await this.afterChange(
        work,
        system,
        changed.tierAnswers ? { tierAnswers: changed.tierAnswers } : {},
        null,
      );
      return system;
    });
  }

  private applyClassification(system: AISystem, answers: TierAnswers): void {
    const result = deriveEuAiActTier(answers, system.role);
    system.tierAnswers = answers;
    system.tier = result.tier;
    system.tierBasis = result.basis;
    system.transparencyObligations = result.transparencyObligations;
    system.gpaiObligations = result.gpaiObligations;
    system.derogationApplied = result.derogationApplied;
    system.classifiedAt = this.clock.now();
  }

  /** A material change puts the system's risks up for review; a new grade is announced. */
  private async afterChange(
    work: Work,
    system: AISystem,
    changed: Record<string, unknown>,
    regrade: { from: AISystem['grade']; to: AISystem['grade']; reason: string } | null,
  ): Promise<void> {
    if (regrade) this.grading.recordRegrade(work, system, regrade, regrade.reason);
    const material = Object.keys(changed).some(
      (f) => f === 'tierAnswers' || (MATERIAL_FIELDS as readonly string[]).includes(f),
    );
    if (material) await this.changes.publish(work, 'ai-system.materially-changed', [system.id]);
  }

  private eventPayload(system: AISystem): Record<string, unknown> {
    return {
      aiSystemId: system.id,
      name: system.name,
      lifecycleStage: system.lifecycleStage,
      tier: system.tier,
      grade: system.grade,
    };
  }
}
