import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { memberLoader, MembershipService, UserModel } from '@aims/identity';
import { Access, Actor, CurrentActor, GraphQLContext, Roles } from '@aims/platform';
import { NonconformityModel } from '../nonconformity/nonconformity.model';
import { auditFindingsLoader, findingNonconformityLoader } from '../cycles.loaders';
import {
  AddAuditFindingPayload,
  AuditFindingModel,
  CompleteInternalAuditPayload,
  CreateInternalAuditPayload,
  InternalAuditModel,
} from './internal-audit.model';
import { AuditFinding } from './audit-finding.entity';
import {
  AddAuditFindingInput,
  CompleteInternalAuditInput,
  CreateInternalAuditInput,
} from './internal-audit.inputs';
import { InternalAudit } from './internal-audit.entity';
import { InternalAuditService } from './internal-audit.service';
import { NonconformityService } from '../nonconformity/nonconformity.service';

/** Audit work is open to AUDITOR as well as to governance roles (docs/domain-rules.md#roles-and-access: auditors record findings). */
@Resolver(() => InternalAuditModel)
export class InternalAuditResolver {
  constructor(
    private readonly audits: InternalAuditService,
    private readonly members: MembershipService,
  ) {}

  @Mutation(() => CreateInternalAuditPayload, { description: 'Plans an internal audit (ISO/IEC 42001 9.2).' })
  @Roles(...Access.AUDIT)
  async createInternalAudit(@CurrentActor() actor: Actor, @Args('input') input: CreateInternalAuditInput) {
    return { audit: await this.audits.create(actor, input) };
  }

  @Mutation(() => AddAuditFindingPayload, {
    description: 'Records a finding of an internal audit against requirement URNs.',
  })
  @Roles(...Access.AUDIT)
  addAuditFinding(@CurrentActor() actor: Actor, @Args('input') input: AddAuditFindingInput) {
    return this.audits.addFinding(actor, input);
  }

  @Mutation(() => CompleteInternalAuditPayload, {
    description: 'Completes an internal audit; CHECK → ACT needs one completed audit in the cycle.',
  })
  @Roles(...Access.AUDIT)
  async completeInternalAudit(
    @CurrentActor() actor: Actor,
    @Args('input') input: CompleteInternalAuditInput,
  ) {
    return { audit: await this.audits.complete(actor, input) };
  }

  @ResolveField(() => [AuditFindingModel])
  findings(@Parent() audit: InternalAudit, @Context() ctx: GraphQLContext) {
    return auditFindingsLoader(ctx, this.audits, audit.organisationId).load(audit.id);
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'Null when no longer a member.' })
  leadAuditor(@Parent() audit: InternalAudit, @Context() ctx: GraphQLContext) {
    return memberLoader(ctx, this.members, audit.organisationId).load(audit.leadAuditorId);
  }
}

@Resolver(() => AuditFindingModel)
export class AuditFindingResolver {
  constructor(private readonly nonconformities: NonconformityService) {}

  @ResolveField(() => NonconformityModel, {
    nullable: true,
    description: 'The nonconformity raised from it.',
  })
  nonconformity(@Parent() finding: AuditFinding, @Context() ctx: GraphQLContext) {
    return findingNonconformityLoader(ctx, this.nonconformities, finding.organisationId).load(finding.id);
  }
}
