import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { UnitOfWork } from '@aims/audit-log';
import { CatalogService } from '@aims/catalog';
import { Actor, BadUserInput, NotFound, unique } from '@aims/platform';
import { RiskReader } from '@aims/risks';
import { CycleRecords } from './cycle-records';
import { EvidenceLinksInput, LinkEvidenceInput, UnlinkEvidenceInput } from './dto/evidence.inputs';
import { CYCLE_TARGET_TYPES, CycleTargetType, EvidenceLinkTargetType } from './evidence.enums';
import { EvidenceItem } from './evidence-item.entity';
import { lockItem } from './evidence-rows';
import { EvidenceLink } from './evidence-link.entity';
import { LinkTarget } from './evidence-reader';

const LINK_FIELDS: [keyof EvidenceLinksInput, EvidenceLinkTargetType][] = [
  ['requirementUrns', EvidenceLinkTargetType.REQUIREMENT],
  ['riskIds', EvidenceLinkTargetType.RISK],
  ['soaEntryIds', EvidenceLinkTargetType.SOA_ENTRY],
  ['checklistItemIds', EvidenceLinkTargetType.CHECKLIST_ITEM],
  ['auditFindingIds', EvidenceLinkTargetType.AUDIT_FINDING],
];

/** The links of evidence items to requirements, risks and cycle records (docs/domain-rules.md#evidence). */
@Injectable()
export class EvidenceLinkService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalog: CatalogService,
    private readonly risks: RiskReader,
    private readonly cycles: CycleRecords,
  ) {}

  async link(actor: Actor, input: LinkEvidenceInput): Promise<{ item: EvidenceItem; added: number }> {
    this.assertSomeLink(input);
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      const targets = await this.validate(work.manager, actor, input, 'input');
      const added = await this.insert(work.manager, item, targets);
      if (added.length > 0) {
        work.audit({
          action: 'evidence.linked',
          entityType: 'EvidenceItem',
          entityId: item.id,
          changes: { added },
        });
      }
      return { item, added: added.length };
    });
  }

  async unlink(actor: Actor, input: UnlinkEvidenceInput): Promise<{ item: EvidenceItem; removed: number }> {
    this.assertSomeLink(input);
    return this.uow.run(actor, async (work) => {
      const item = await lockItem(work.manager, actor.organisationId, input.evidenceItemId);
      const wanted = new Set(this.targetsOf(input).map((t) => `${t.targetType}:${t.targetId}`));
      const existing = await work.manager
        .getRepository(EvidenceLink)
        .findBy({ organisationId: actor.organisationId, evidenceItemId: item.id });
      const removed = existing.filter((l) => wanted.has(`${l.targetType}:${l.targetId}`));
      if (removed.length === 0) return { item, removed: 0 };
      await work.manager.getRepository(EvidenceLink).delete({ id: In(removed.map((l) => l.id)) });
      work.audit({
        action: 'evidence.unlinked',
        entityType: 'EvidenceItem',
        entityId: item.id,
        changes: { removed: removed.map(({ targetType, targetId }) => ({ targetType, targetId })) },
      });
      return { item, removed: removed.length };
    });
  }

  /**
   * The link targets named by `input`, once each, after checking them: unknown or non-assessable requirement
   * URNs are BAD_USER_INPUT; a risk or cycle record that is missing or another organisation's is NOT_FOUND.
   */
  async validate(
    manager: EntityManager,
    actor: Actor,
    input: EvidenceLinksInput,
    prefix: string,
  ): Promise<LinkTarget[]> {
    const targets = this.targetsOf(input);
    const ids = (type: EvidenceLinkTargetType) =>
      targets.filter((t) => t.targetType === type).map((t) => t.targetId);
    const urns = ids(EvidenceLinkTargetType.REQUIREMENT);
    if (urns.length > 0) {
      const found = new Map(
        (await this.catalog.findRequirementsByUrns(actor.organisationId, urns)).map((r) => [r.urn, r]),
      );
      const unknown = urns.filter((u) => !found.has(u));
      const notAssessable = urns.filter((u) => found.get(u)?.assessable === false);
      const problems: string[] = [];
      if (unknown.length) problems.push(`unknown requirement(s): ${unknown.join(', ')}`);
      if (notAssessable.length)
        problems.push(`not assessable, evidence cannot attach: ${notAssessable.join(', ')}`);
      if (problems.length) throw BadUserInput.field(`${prefix}.requirementUrns`, problems.join('; '));
    }
    const riskIds = ids(EvidenceLinkTargetType.RISK);
    if (riskIds.length > 0) {
      const known = new Set(
        (await this.risks.findByIds(actor.organisationId, riskIds, manager)).map((r) => r.id),
      );
      const missing = riskIds.find((id) => !known.has(id));
      if (missing) throw new NotFound('Risk', missing);
    }
    const cycleTargets = targets
      .filter((t) => (CYCLE_TARGET_TYPES as readonly string[]).includes(t.targetType))
      .map((t) => ({ type: t.targetType as CycleTargetType, id: t.targetId }));
    if (cycleTargets.length > 0) await this.cycles.assertLinkTargets(actor.organisationId, cycleTargets);
    return targets;
  }

  /** Inserts the links not there yet; returns those inserted. */
  async insert(manager: EntityManager, item: EvidenceItem, targets: LinkTarget[]): Promise<LinkTarget[]> {
    if (targets.length === 0) return [];
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(EvidenceLink)
      .values(targets.map((t) => ({ organisationId: item.organisationId, evidenceItemId: item.id, ...t })))
      .orIgnore()
      .returning(['targetType', 'targetId'])
      .execute();
    return (result.raw as { target_type: EvidenceLinkTargetType; target_id: string }[]).map((r) => ({
      targetType: r.target_type,
      targetId: r.target_id,
    }));
  }

  private assertSomeLink(input: EvidenceLinksInput): void {
    if (this.targetsOf(input).length === 0) {
      throw BadUserInput.field(
        'input',
        'name at least one requirement URN, risk, SoA entry, checklist item or audit finding',
      );
    }
  }

  private targetsOf(input: EvidenceLinksInput): LinkTarget[] {
    return LINK_FIELDS.flatMap(([field, targetType]) =>
      unique(input[field] ?? []).map((targetId) => ({ targetType, targetId })),
    );
  }
}
