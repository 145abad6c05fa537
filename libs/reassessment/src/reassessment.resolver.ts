import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, Actor, ConnectionArgs, CurrentActor, Roles } from '@aims/platform';
import { CompleteReassessmentTaskInput, ReassessmentTaskFilter } from './dto/reassessment.inputs';
import {
  CompleteReassessmentTaskPayload,
  ReassessmentTaskConnection,
  ReassessmentTaskModel,
} from './reassessment-task.model';
import { ReassessmentService } from './reassessment.service';

@Resolver(() => ReassessmentTaskModel)
export class ReassessmentResolver {
  constructor(private readonly reassessment: ReassessmentService) {}

  @Query(() => ReassessmentTaskConnection, { description: 'Reassessment tasks, soonest due first.' })
  @Roles(...Access.READ)
  reassessmentTasks(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => ReassessmentTaskFilter, nullable: true }) filter?: ReassessmentTaskFilter,
  ) {
    return this.reassessment.list(actor, filter ?? {}, page.first, page.after);
  }

  @Mutation(() => CompleteReassessmentTaskPayload)
  @Roles(...Access.GOVERN)
  async completeReassessmentTask(
    @CurrentActor() actor: Actor,
    @Args('input') input: CompleteReassessmentTaskInput,
  ) {
    return { task: await this.reassessment.complete(actor, input) };
  }
}
