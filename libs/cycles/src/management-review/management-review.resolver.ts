import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Actor, CurrentActor, Roles } from '@aims/platform';
import {
  ManagementReviewActionModel,
  ManagementReviewInputModel,
  ManagementReviewModel,
  RecordManagementReviewPayload,
} from './management-review.model';
import { MANAGEMENT_REVIEW_TOPICS } from './management-review.enums';
import { RecordManagementReviewInput } from './management-review.inputs';
import { ManagementReview } from './management-review.entity';
import { ManagementReviewService } from './management-review.service';

@Resolver(() => ManagementReviewModel)
export class ManagementReviewResolver {
  constructor(private readonly reviews: ManagementReviewService) {}

  @Mutation(() => RecordManagementReviewPayload, {
    description: 'Records a management review (ISO/IEC 42001 9.3); CHECK → ACT needs one in the cycle.',
  })
  @Roles(...Access.GOVERN)
  async recordManagementReview(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordManagementReviewInput,
  ) {
    return { managementReview: await this.reviews.record(actor, input) };
  }

  @ResolveField(() => [ManagementReviewInputModel], {
    description: 'Every ISO/IEC 42001 9.3.2 input, in the standard’s order, covered or not.',
  })
  inputs(@Parent() review: ManagementReview): ManagementReviewInputModel[] {
    return review.inputs.map((i) => ({ ...i, description: MANAGEMENT_REVIEW_TOPICS[i.topic] }));
  }

  @ResolveField(() => Boolean, { description: 'Every 9.3.2 input was considered.' })
  allInputsCovered(@Parent() review: ManagementReview): boolean {
    return review.inputs.every((i) => i.covered);
  }

  @ResolveField(() => [ManagementReviewActionModel])
  actions(@Parent() review: ManagementReview): ManagementReviewActionModel[] {
    return review.actions.map((a) => ({ ...a, dueAt: a.dueAt ? new Date(a.dueAt) : null }));
  }
}
