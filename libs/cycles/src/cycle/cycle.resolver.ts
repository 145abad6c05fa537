import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AISystem, AISystemModel, AISystemService, aiSystemLoader } from '@aims/ai-systems';
import { PdcaPhase } from '@aims/catalog';
import {
  Access,
  Actor,
  ConnectionArgs,
  CurrentActor,
  GraphQLContext,
  IdArgs,
  present,
  Roles,
} from '@aims/platform';
import { riskLoader, RiskModel, RiskReader } from '@aims/risks';
import { AdvanceCycleInput, CreateCycleInput, UpdateCycleInput } from './cycle.inputs';
import { SoACompletenessModel, SoAEntryModel } from '../soa/soa.model';
import { NonconformityModel } from '../nonconformity/nonconformity.model';
import { ManagementReviewModel } from '../management-review/management-review.model';
import { InternalAuditModel } from '../internal-audit/internal-audit.model';
import { ChecklistItemModel } from '../checklist/checklist.model';
import {
  AdvanceCyclePayload,
  CarriedRiskModel,
  CreateCyclePayload,
  CycleConnection,
  CycleModel,
  PhaseGate,
  PhaseTransitionModel,
  UpdateCyclePayload,
} from './cycle.model';
import { CyclePhase } from './cycle.enums';
import { ChecklistItem } from '../checklist/checklist-item.entity';
import { ChecklistService } from '../checklist/checklist.service';
import { Cycle } from './cycle.entity';
import { CycleGates } from './cycle-gates.service';
import { CycleRecordReader } from './cycle-record-reader';
import { CyclesService } from './cycles.service';
import { InternalAuditService } from '../internal-audit/internal-audit.service';
import { ManagementReviewService } from '../management-review/management-review.service';
import { NonconformityService } from '../nonconformity/nonconformity.service';
import { evaluateGate } from './phase-gate';
import { soaCompleteness } from '../soa/soa-decision';
import { SoAService } from '../soa/soa.service';
import {
  carriedRisksLoader,
  checklistLoader,
  cycleAuditsLoader,
  cycleLoader,
  cycleNonconformitiesLoader,
  cycleReviewsLoader,
  gateFactsLoader,
  soaLoader,
} from '../cycles.loaders';

/** What `carriedRisks` hands to CarriedRiskResolver: the public shape plus the organisation to load from. */
type CarriedRiskView = CarriedRiskModel & { organisationId: string };

@Resolver(() => CycleModel)
export class CycleResolver {
  constructor(
    private readonly cycleService: CyclesService,
    private readonly gates: CycleGates,
    private readonly records: CycleRecordReader,
    private readonly checklistService: ChecklistService,
    private readonly soaService: SoAService,
    private readonly auditService: InternalAuditService,
    private readonly nonconformityService: NonconformityService,
    private readonly reviewService: ManagementReviewService,
    private readonly systems: AISystemService,
  ) {}

  @Query(() => CycleConnection, { description: 'The organisation’s PDCA cycles, newest first.' })
  @Roles(...Access.READ)
  cycles(@CurrentActor() actor: Actor, @Args() page: ConnectionArgs) {
    return this.cycleService.list(actor, page.first, page.after);
  }

  @Query(() => CycleModel)
  @Roles(...Access.READ)
  cycle(@CurrentActor() actor: Actor, @Args() { id }: IdArgs) {
    return this.cycleService.get(actor, id);
  }

  @Query(() => CycleModel, { nullable: true, description: 'The open cycle, if any (there is at most one).' })
  @Roles(...Access.READ)
  currentCycle(@CurrentActor() actor: Actor) {
    return this.cycleService.current(actor);
  }

  @Mutation(() => CreateCyclePayload, {
    description:
      'Starts a PDCA cycle in PLAN with its ISO/IEC 42001 clause checklist and Statement of Applicability. CONFLICT while another cycle is open.',
  })
  @Roles(...Access.GOVERN)
  async createCycle(@CurrentActor() actor: Actor, @Args('input') input: CreateCycleInput) {
    return { cycle: await this.cycleService.create(actor, input) };
  }

  @Mutation(() => UpdateCyclePayload, { description: 'Renames, re-dates or re-scopes an open cycle.' })
  @Roles(...Access.GOVERN)
  async updateCycle(@CurrentActor() actor: Actor, @Args('input') input: UpdateCycleInput) {
    return { cycle: await this.cycleService.update(actor, input) };
  }

  @Mutation(() => AdvanceCyclePayload, {
    description:
      'Moves the cycle one phase forward when its gate holds, otherwise GATE_NOT_MET with `extensions.unmet`. OWNER and ADMIN may override with a reason (audited). ACT → CLOSED opens the next cycle.',
  })
  @Roles(...Access.GOVERN)
  advanceCycle(@CurrentActor() actor: Actor, @Args('input') input: AdvanceCycleInput) {
    return this.cycleService.advance(actor, input);
  }

  @ResolveField(() => [AISystemModel], { description: 'AI systems in scope.' })
  aiSystems(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext): Promise<AISystem[]> {
    return present(aiSystemLoader(ctx, this.systems, cycle.organisationId), cycle.aiSystemIds);
  }

  @ResolveField(() => [ChecklistItemModel], {
    description: 'ISO/IEC 42001 clauses 4–10 in document order, optionally of one phase.',
  })
  async checklist(
    @Parent() cycle: Cycle,
    @Context() ctx: GraphQLContext,
    @Args('phase', { type: () => PdcaPhase, nullable: true }) phase?: PdcaPhase,
  ): Promise<ChecklistItem[]> {
    const items = await checklistLoader(ctx, this.checklistService, cycle.organisationId).load(cycle.id);
    return phase ? items.filter((i) => i.phase === phase) : items;
  }

  @ResolveField(() => [SoAEntryModel], {
    description: 'Statement of Applicability: the 38 Annex A controls, then controls the organisation added.',
  })
  soa(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext) {
    return soaLoader(ctx, this.soaService, cycle.organisationId).load(cycle.id);
  }

  @ResolveField(() => SoACompletenessModel)
  async soaCompleteness(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext) {
    return soaCompleteness(await soaLoader(ctx, this.soaService, cycle.organisationId).load(cycle.id));
  }

  @ResolveField(() => [InternalAuditModel])
  audits(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext) {
    return cycleAuditsLoader(ctx, this.auditService, cycle.organisationId).load(cycle.id);
  }

  @ResolveField(() => [NonconformityModel], { description: 'Raised in, or carried into, this cycle.' })
  nonconformities(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext) {
    return cycleNonconformitiesLoader(ctx, this.nonconformityService, cycle.organisationId).load(cycle.id);
  }

  @ResolveField(() => [ManagementReviewModel])
  managementReviews(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext) {
    return cycleReviewsLoader(ctx, this.reviewService, cycle.organisationId).load(cycle.id);
  }

  @ResolveField(() => [CarriedRiskModel], {
    description: 'Risks accepted when the previous cycle closed, carried forward for re-confirmation.',
  })
  async carriedRisks(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext): Promise<CarriedRiskView[]> {
    const org = cycle.organisationId;
    const rows = await carriedRisksLoader(ctx, this.records, org).load(cycle.id);
    return rows.map((r) => ({
      organisationId: org,
      riskId: r.riskId,
      originCycleId: r.originCycleId,
      acceptedUntil: r.acceptedUntil,
      carriedAt: r.createdAt,
    }));
  }

  @ResolveField(() => PhaseGate, {
    description:
      'Previews the gate into `to` (default: the next phase) without changing anything: what advanceCycle would find.',
  })
  async gate(
    @Parent() cycle: Cycle,
    @Context() ctx: GraphQLContext,
    @Args('to', { type: () => CyclePhase, nullable: true }) to?: CyclePhase,
  ) {
    const facts = await gateFactsLoader(ctx, this.gates, cycle.organisationId).load(cycle.id);
    return evaluateGate(facts, to ?? null);
  }

  @ResolveField(() => [PhaseTransitionModel], { description: 'Moves between phases, oldest first.' })
  transitions(@Parent() cycle: Cycle): PhaseTransitionModel[] {
    return cycle.transitions.map((t) => ({
      from: t.from,
      to: t.to,
      at: new Date(t.at),
      byType: t.byType,
      byId: t.byId,
      overridden: t.override !== null,
      overrideReason: t.override?.reason ?? null,
      overriddenCriteria: (t.override?.unmet ?? []).map((u) => ({
        code: u.code,
        message: u.message,
        entityType: u.entityType ?? null,
        entityId: u.entityId ?? null,
      })),
    }));
  }

  @ResolveField(() => CycleModel, { nullable: true, description: 'The cycle this one continues.' })
  previousCycle(@Parent() cycle: Cycle, @Context() ctx: GraphQLContext) {
    return cycle.previousCycleId
      ? cycleLoader(ctx, this.cycleService, cycle.organisationId).load(cycle.previousCycleId)
      : null;
  }
}

@Resolver(() => CarriedRiskModel)
export class CarriedRiskResolver {
  constructor(
    private readonly risks: RiskReader,
    private readonly cycles: CyclesService,
  ) {}

  @ResolveField(() => RiskModel, { nullable: true })
  risk(@Parent() carried: CarriedRiskView, @Context() ctx: GraphQLContext) {
    return riskLoader(ctx, this.risks, carried.organisationId).load(carried.riskId);
  }

  @ResolveField(() => CycleModel, { nullable: true })
  originCycle(@Parent() carried: CarriedRiskView, @Context() ctx: GraphQLContext) {
    return cycleLoader(ctx, this.cycles, carried.organisationId).load(carried.originCycleId);
  }
}
