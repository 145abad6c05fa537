import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Actor, CurrentActor, GraphQLContext, present, Roles } from '@aims/platform';
import { Risk, riskLoader, RiskModel, RiskReader } from '@aims/risks';
import { AddSoAControlPayload, SetSoAEntryPayload, SoAEntryModel } from './soa.model';
import { AddSoAControlInput, SetSoAEntryInput } from './soa.inputs';
import { SoAEntry } from './soa-entry.entity';
import { SoAService } from './soa.service';

@Resolver(() => SoAEntryModel)
export class SoAEntryResolver {
  constructor(
    private readonly soa: SoAService,
    private readonly risks: RiskReader,
  ) {}

  @Mutation(() => SetSoAEntryPayload, {
    description:
      'Decides whether a control applies, with a justification either way (ISO/IEC 42001 6.1.3); confirms an entry carried over from the previous cycle.',
  })
  @Roles(...Access.GOVERN)
  async setSoAEntry(@CurrentActor() actor: Actor, @Args('input') input: SetSoAEntryInput) {
    return { soaEntry: await this.soa.set(actor, input) };
  }

  @Mutation(() => AddSoAControlPayload, {
    description: 'Adds a control beyond Annex A (any assessable catalog requirement) to a cycle’s SoA.',
  })
  @Roles(...Access.GOVERN)
  async addSoAControl(@CurrentActor() actor: Actor, @Args('input') input: AddSoAControlInput) {
    return { soaEntry: await this.soa.addControl(actor, input) };
  }

  @ResolveField(() => [RiskModel], { description: 'Risks the control treats.' })
  linkedRisks(@Parent() entry: SoAEntry, @Context() ctx: GraphQLContext): Promise<Risk[]> {
    return present(riskLoader(ctx, this.risks, entry.organisationId), entry.linkedRiskIds);
  }
}
