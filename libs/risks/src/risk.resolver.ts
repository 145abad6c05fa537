import { Args, Context, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AISystem, AISystemModel, AISystemService, aiSystemLoader } from '@aims/ai-systems';
import { Requirement } from '@aims/catalog';
import { memberLoader, MembershipService, UserModel } from '@aims/identity';
import {
  Access,
  Actor,
  Clock,
  ConnectionArgs,
  CurrentActor,
  GraphQLContext,
  IdArgs,
  Roles,
} from '@aims/platform';
import { RiskAssessmentsArgs } from './dto/risk.args';
import { UpdateRiskCriteriaInput } from './dto/risk-criteria.input';
import {
  AcceptRiskInput,
  AssessRiskInput,
  CloseRiskInput,
  CreateRiskInput,
  RiskFilter,
  SetRiskTreatmentInput,
  UpdateRiskInput,
} from './dto/risk.inputs';
import { RiskAssessment } from './risk-assessment.entity';
import { EffectiveRiskCriteria, RiskCriteriaService } from './risk-criteria.service';
import { isAboveAppetite } from './risk-level';
import {
  AcceptRiskPayload,
  AssessRiskPayload,
  CloseRiskPayload,
  CreateRiskPayload,
  LinkedRequirement,
  RiskAcceptanceModel,
  RiskAssessmentConnection,
  RiskAssessmentModel,
  RiskConnection,
  RiskCriteriaModel,
  RiskLevel,
  RiskModel,
  SetRiskTreatmentPayload,
  TreatmentActionModel,
  UpdateRiskCriteriaPayload,
  UpdateRiskPayload,
} from './risk.model';
import { currentLevel } from './risk-scoring';
import { RiskStatus } from './risk-status';
import { Risk } from './risk.entity';
import { RiskAcceptanceService } from './risk-acceptance.service';
import { RiskAssessmentService } from './risk-assessment.service';
import { RiskReader } from './risk-reader';
import { RiskService } from './risk.service';
import {
  assessmentsLoader,
  criteriaLoader,
  latestAssessmentLoader,
  requirementLoader,
  systemLinksLoader,
  systemRisksLoader,
} from './risk.loaders';

function levelOf(criteria: EffectiveRiskCriteria, index: number, label?: string | null): RiskLevel {
  return {
    index,
    label: label ?? criteria.levels[index].label,
    aboveAppetite: isAboveAppetite(criteria, index),
  };
}

export function criteriaModel(c: EffectiveRiskCriteria): RiskCriteriaModel {
  return { ...c, levels: c.levels.map((l) => ({ ...l, aboveAppetite: isAboveAppetite(c, l.index) })) };
}

@Resolver(() => RiskModel)
export class RiskResolver {
  constructor(
    private readonly riskService: RiskService,
    private readonly reader: RiskReader,
    private readonly assessing: RiskAssessmentService,
    private readonly acceptances: RiskAcceptanceService,
    private readonly criteria: RiskCriteriaService,
    private readonly systems: AISystemService,
    private readonly members: MembershipService,
    private readonly clock: Clock,
  ) {}

  @Query(() => RiskConnection, { description: 'The risk register, newest first.' })
  @Roles(...Access.READ)
  risks(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => RiskFilter, nullable: true }) filter?: RiskFilter,
  ) {
    return this.reader.list(actor, filter ?? {}, page.first, page.after);
  }

  @Query(() => RiskModel)
  @Roles(...Access.READ)
  risk(@CurrentActor() actor: Actor, @Args() { id }: IdArgs) {
    return this.reader.get(actor, id);
  }

  @Query(() => RiskAssessmentConnection, {
    description: 'A risk’s assessment history as a time series, oldest first.',
  })
  @Roles(...Access.READ)
  riskAssessments(@CurrentActor() actor: Actor, @Args() args: RiskAssessmentsArgs) {
    return this.reader.history(actor, args.riskId, args.first, args.after);
  }

  @Query(() => RiskCriteriaModel, { description: 'How the organisation scores risks.' })
  @Roles(...Access.READ)
  async riskCriteria(@CurrentActor() actor: Actor) {
    return criteriaModel(await this.criteria.effective(actor.organisationId));
  }

  @Mutation(() => UpdateRiskCriteriaPayload, {
    description:
      'Replaces the risk criteria and recomputes every risk’s levels and next review in the same transaction.',
  })
  @Roles(...Access.GOVERN)
  async updateRiskCriteria(@CurrentActor() actor: Actor, @Args('input') input: UpdateRiskCriteriaInput) {
    const { criteria, recomputed } = await this.criteria.update(actor, input);
    return { riskCriteria: criteriaModel(criteria), recomputedRisks: recomputed.length };
  }

  @Mutation(() => CreateRiskPayload, { description: 'Identifies a risk (ISO/IEC 23894 6.4.2).' })
  @Roles(...Access.GOVERN)
  async createRisk(@CurrentActor() actor: Actor, @Args('input') input: CreateRiskInput) {
    return { risk: await this.riskService.create(actor, input) };
  }

  @Mutation(() => UpdateRiskPayload)
  @Roles(...Access.GOVERN)
  async updateRisk(@CurrentActor() actor: Actor, @Args('input') input: UpdateRiskInput) {
    return { risk: await this.riskService.update(actor, input) };
  }

  @Mutation(() => AssessRiskPayload, {
    description: 'Scores a risk (ISO/IEC 23894 6.4.3); the server computes the levels and keeps a snapshot.',
  })
  @Roles(...Access.GOVERN)
  async assessRisk(
    @CurrentActor() actor: Actor,
    @Args('input') input: AssessRiskInput,
    @Context() ctx: GraphQLContext,
  ) {
    const { risk, assessment, criteria } = await this.assessing.assess(actor, input);
    // The risk's levels in the answer read the criteria it was just scored under.
    criteriaLoader(ctx, this.criteria, actor.organisationId).prime('', criteria);
    return { risk, assessment };
  }

  @Mutation(() => SetRiskTreatmentPayload, { description: 'Selects a treatment (ISO/IEC 23894 6.5).' })
  @Roles(...Access.GOVERN)
  async setRiskTreatment(@CurrentActor() actor: Actor, @Args('input') input: SetRiskTreatmentInput) {
    return { risk: await this.riskService.setTreatment(actor, input) };
  }

  @Mutation(() => AcceptRiskPayload, {
    description: 'Accepts (retains) a risk until an expiry; the approver cannot be its owner.',
  })
  @Roles(...Access.GOVERN)
  async acceptRisk(@CurrentActor() actor: Actor, @Args('input') input: AcceptRiskInput) {
    return { risk: await this.acceptances.accept(actor, input) };
  }

  @Mutation(() => CloseRiskPayload)
  @Roles(...Access.GOVERN)
  async closeRisk(@CurrentActor() actor: Actor, @Args('input') input: CloseRiskInput) {
    return { risk: await this.riskService.close(actor, input) };
  }

  @ResolveField(() => RiskLevel, { nullable: true })
  async inherentLevel(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    if (risk.inherentLevel === null) return null;
    return levelOf(
      await criteriaLoader(ctx, this.criteria, risk.organisationId).load(''),
      risk.inherentLevel,
    );
  }

  @ResolveField(() => RiskLevel, { nullable: true })
  async residualLevel(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    if (risk.residualLevel === null) return null;
    return levelOf(
      await criteriaLoader(ctx, this.criteria, risk.organisationId).load(''),
      risk.residualLevel,
    );
  }

  @ResolveField(() => RiskLevel, {
    nullable: true,
    description: 'The level that governs review and acceptance: residual once assessed, inherent before.',
  })
  async currentLevel(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    const level = currentLevel(risk);
    if (level === null) return null;
    return levelOf(await criteriaLoader(ctx, this.criteria, risk.organisationId).load(''), level);
  }

  @ResolveField(() => Boolean, {
    description: 'The current level is above the appetite: treatment is mandatory.',
  })
  async aboveAppetite(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    const level = currentLevel(risk);
    if (level === null) return false;
    return isAboveAppetite(await criteriaLoader(ctx, this.criteria, risk.organisationId).load(''), level);
  }

  @ResolveField(() => Boolean, { description: 'Open and past its next review.' })
  reviewOverdue(risk: Risk) {
    return (
      risk.status !== RiskStatus.CLOSED && risk.nextReviewAt !== null && risk.nextReviewAt <= this.clock.now()
    );
  }

  @ResolveField(() => [TreatmentActionModel])
  treatmentActions(risk: Risk): TreatmentActionModel[] {
    return risk.treatmentActions.map((a) => ({ ...a, dueDate: a.dueDate ? new Date(a.dueDate) : null }));
  }

  @ResolveField(() => RiskAcceptanceModel, {
    nullable: true,
    description: 'The latest acceptance decision, if any.',
  })
  acceptance(risk: Risk): RiskAcceptanceModel | null {
    if (!risk.acceptedAt || !risk.acceptedUntil || !risk.acceptedByType) return null;
    return {
      acceptedByType: risk.acceptedByType,
      acceptedById: risk.acceptedById,
      acceptedAt: risk.acceptedAt,
      acceptedUntil: risk.acceptedUntil,
      rationale: risk.acceptanceRationale ?? '',
      overrideReason: risk.acceptanceOverrideReason,
      acceptedLevel: risk.acceptedLevel,
      expired: risk.acceptedUntil <= this.clock.now(),
    };
  }

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Null when the owner is no longer a member.',
  })
  owner(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return risk.ownerId ? memberLoader(ctx, this.members, risk.organisationId).load(risk.ownerId) : null;
  }

  @ResolveField(() => [AISystemModel])
  async aiSystems(risk: Risk, _args: unknown, ctx: GraphQLContext): Promise<AISystem[]> {
    const org = risk.organisationId;
    const links = await systemLinksLoader(ctx, this.reader, org).load(risk.id);
    const systems = await aiSystemLoader(ctx, this.systems, org).loadMany(links.map((l) => l.aiSystemId));
    return systems.filter((s): s is AISystem => s !== null && !(s instanceof Error));
  }

  @ResolveField(() => [LinkedRequirement], { description: 'ISO/IEC 23894 Annex B risk sources.' })
  riskSources(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return this.linked(ctx, risk.organisationId, risk.riskSourceUrns);
  }

  @ResolveField(() => [LinkedRequirement], { description: 'TC260 taxonomy nodes.' })
  tc260Nodes(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return this.linked(ctx, risk.organisationId, risk.tc260NodeUrns);
  }

  @ResolveField(() => [LinkedRequirement], {
    description: 'NIST AI RMF trustworthiness characteristics affected.',
  })
  trustworthinessCharacteristics(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return this.linked(ctx, risk.organisationId, risk.trustworthinessCharacteristicUrns);
  }

  @ResolveField(() => [LinkedRequirement], { description: 'Controls treating the risk.' })
  controls(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return this.linked(ctx, risk.organisationId, risk.controlUrns);
  }

  @ResolveField(() => RiskAssessmentModel, { nullable: true })
  latestAssessment(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return latestAssessmentLoader(ctx, this.reader, risk.organisationId).load(risk.id);
  }

  @ResolveField(() => [RiskAssessmentModel], {
    description: 'Every assessment, oldest first (see also riskAssessments).',
  })
  assessments(risk: Risk, _args: unknown, ctx: GraphQLContext) {
    return assessmentsLoader(ctx, this.reader, risk.organisationId).load(risk.id);
  }

  private async linked(ctx: GraphQLContext, org: string, urns: string[]): Promise<LinkedRequirement[]> {
    const rows = await requirementLoader(ctx, this.reader, org).loadMany(urns);
    return rows.filter((r): r is Requirement => r !== null && !(r instanceof Error));
  }
}

@Resolver(() => RiskAssessmentModel)
export class RiskAssessmentResolver {
  @ResolveField(() => RiskLevel, { nullable: true, description: 'As computed when the assessment was made.' })
  inherentLevel(a: RiskAssessment): RiskLevel | null {
    return a.inherentLevel === null
      ? null
      : {
          index: a.inherentLevel,
          label: a.inherentLevelLabel ?? '',
          aboveAppetite: a.inherentLevel > a.appetiteLevel,
        };
  }

  @ResolveField(() => RiskLevel, { nullable: true, description: 'As computed when the assessment was made.' })
  residualLevel(a: RiskAssessment): RiskLevel | null {
    return a.residualLevel === null
      ? null
      : {
          index: a.residualLevel,
          label: a.residualLevelLabel ?? '',
          aboveAppetite: a.residualLevel > a.appetiteLevel,
        };
  }
}

@Resolver(() => AISystemModel)
export class AISystemRisksResolver {
  constructor(private readonly reader: RiskReader) {}

  @ResolveField(() => [RiskModel], { description: 'Risks linked to this AI system, newest first.' })
  risks(system: AISystem, _args: unknown, ctx: GraphQLContext): Promise<Risk[]> {
    return systemRisksLoader(ctx, this.reader, system.organisationId).load(system.id);
  }
}
