import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { memberLoader, MembershipService, UserModel } from '@aims/identity';
import { Access, Actor, ConnectionArgs, CurrentActor, GraphQLContext, IdArgs, Roles } from '@aims/platform';
import { AISystem } from './ai-system.entity';
import {
  AISystemConnection,
  AISystemModel,
  ClassifyAISystemPayload,
  CreateAISystemPayload,
  ImpactAssessmentModel,
  ImpactAssessmentPayload,
  Tc260RuleTableModel,
  UpdateAISystemPayload,
  UpdateTc260RuleTablePayload,
} from './ai-system.model';
import { AISystemService } from './ai-system.service';
import {
  AISystemFilter,
  ClassifyAISystemInput,
  CreateAISystemInput,
  UpdateAISystemInput,
  UpdateTc260RuleTableInput,
} from './dto/ai-system.inputs';
import {
  ApproveImpactAssessmentInput,
  CreateImpactAssessmentInput,
  UpdateImpactAssessmentInput,
} from './dto/impact-assessment.inputs';
import { ImpactAssessment } from './impact-assessment.entity';
import { ImpactAssessmentService } from './impact-assessment.service';
import { impactAssessmentsLoader } from './loaders';
import { Tc260GradingService } from './tc260-grading.service';

@Resolver(() => AISystemModel)
export class AISystemResolver {
  constructor(
    private readonly systems: AISystemService,
    private readonly assessments: ImpactAssessmentService,
    private readonly grading: Tc260GradingService,
    private readonly members: MembershipService,
  ) {}

  @Query(() => AISystemConnection, { description: 'The AI system inventory, newest first.' })
  @Roles(...Access.READ)
  aiSystems(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => AISystemFilter, nullable: true }) filter?: AISystemFilter,
  ) {
    return this.systems.list(actor, filter ?? {}, page.first, page.after);
  }

  @Query(() => AISystemModel)
  @Roles(...Access.READ)
  aiSystem(@CurrentActor() actor: Actor, @Args() { id }: IdArgs) {
    return this.systems.get(actor, id);
  }

  @Mutation(() => CreateAISystemPayload, {
    description: 'Registers an AI system; it is graded and, with answers, classified.',
  })
  @Roles(...Access.GOVERN)
  async createAISystem(@CurrentActor() actor: Actor, @Args('input') input: CreateAISystemInput) {
    return { aiSystem: await this.systems.create(actor, input) };
  }

  @Mutation(() => UpdateAISystemPayload, {
    description:
      'Changes an AI system. A material change (stage, model, grading factors) re-grades it and puts its risks up for review.',
  })
  @Roles(...Access.GOVERN)
  async updateAISystem(@CurrentActor() actor: Actor, @Args('input') input: UpdateAISystemInput) {
    return { aiSystem: await this.systems.update(actor, input) };
  }

  @Mutation(() => ClassifyAISystemPayload, {
    description: 'Records the EU AI Act answers and derives the tier, its basis and the Art. 50 obligations.',
  })
  @Roles(...Access.GOVERN)
  async classifyAISystem(@CurrentActor() actor: Actor, @Args('input') input: ClassifyAISystemInput) {
    return { aiSystem: await this.systems.classify(actor, input) };
  }

  @Query(() => ImpactAssessmentModel)
  @Roles(...Access.READ)
  impactAssessment(@CurrentActor() actor: Actor, @Args() { id }: IdArgs) {
    return this.assessments.get(actor, id);
  }

  @Mutation(() => ImpactAssessmentPayload, {
    description: 'Starts the next DRAFT version of an AI system’s impact assessment.',
  })
  @Roles(...Access.GOVERN)
  async createImpactAssessment(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateImpactAssessmentInput,
  ) {
    return { impactAssessment: await this.assessments.create(actor, input) };
  }

  @Mutation(() => ImpactAssessmentPayload, {
    description: 'Edits a DRAFT version; approved versions are frozen.',
  })
  @Roles(...Access.GOVERN)
  async updateImpactAssessment(
    @CurrentActor() actor: Actor,
    @Args('input') input: UpdateImpactAssessmentInput,
  ) {
    return { impactAssessment: await this.assessments.update(actor, input) };
  }

  @Mutation(() => ImpactAssessmentPayload, {
    description: 'Approves and freezes a DRAFT version; its author cannot approve it.',
  })
  @Roles(...Access.GOVERN)
  async approveImpactAssessment(
    @CurrentActor() actor: Actor,
    @Args('input') input: ApproveImpactAssessmentInput,
  ) {
    return { impactAssessment: await this.assessments.approve(actor, input) };
  }

  @Query(() => Tc260RuleTableModel, { description: 'The rule table TC260 grades are derived with.' })
  @Roles(...Access.READ)
  tc260RuleTable(@CurrentActor() actor: Actor) {
    return this.grading.ruleTable(actor.organisationId);
  }

  @Mutation(() => UpdateTc260RuleTablePayload, {
    description: 'Replaces the organisation’s TC260 rule table and re-grades every AI system with it.',
  })
  @Roles(...Access.GOVERN)
  updateTc260RuleTable(@CurrentActor() actor: Actor, @Args('input') input: UpdateTc260RuleTableInput) {
    return this.grading.updateRuleTable(actor, input);
  }

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Null when the owner is no longer a member.',
  })
  owner(@Parent() system: AISystem, @Context() ctx: GraphQLContext) {
    return system.ownerId
      ? memberLoader(ctx, this.members, system.organisationId).load(system.ownerId)
      : null;
  }

  @ResolveField(() => [ImpactAssessmentModel], { description: 'Every version, newest first.' })
  impactAssessments(@Parent() system: AISystem, @Context() ctx: GraphQLContext): Promise<ImpactAssessment[]> {
    return impactAssessmentsLoader(ctx, this.assessments, system.organisationId).load(system.id);
  }
}
