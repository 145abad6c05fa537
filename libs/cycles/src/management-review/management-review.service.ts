import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { diffFields, UnitOfWork } from '@aims/audit-log';
import { MembershipService } from '@aims/identity';
import { Actor, actorId, BadUserInput, FieldProblem } from '@aims/platform';
import { ManagementReviewTopic } from './management-review.enums';
import { openCycle } from '../cycle/cycle-locks';
import { RecordManagementReviewInput } from './management-review.inputs';
import { ManagementReview } from './management-review.entity';

/** Management reviews of the AIMS (42001 9.3). */
@Injectable()
export class ManagementReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly members: MembershipService,
  ) {}

  async record(actor: Actor, input: RecordManagementReviewInput): Promise<ManagementReview> {
    const problems: FieldProblem[] = [];
    const seen = new Set<ManagementReviewTopic>();
    input.inputs.forEach((i, index) => {
      if (seen.has(i.topic))
        problems.push({ field: `input.inputs.${index}.topic`, message: 'is listed twice' });
      seen.add(i.topic);
    });
    if (problems.length > 0) throw new BadUserInput(problems);
    const actions = input.actions ?? [];
    return this.uow.run(actor, async (work) => {
      const cycle = await openCycle(work.manager, actor, input.cycleId);
      await this.members.assertMembers(
        actor.organisationId,
        actions.flatMap((a, i) =>
          a.ownerId ? [{ field: `input.actions.${i}.ownerId`, userId: a.ownerId }] : [],
        ),
      );
      const given = new Map(input.inputs.map((i) => [i.topic, i]));
      const repo = work.manager.getRepository(ManagementReview);
      const review = await repo.save(
        repo.create({
          organisationId: actor.organisationId,
          cycleId: cycle.id,
          heldAt: input.heldAt,
          attendees: input.attendees,
          // Every 9.3.2 topic is kept, in the standard's order: one not listed was not covered.
          inputs: Object.values(ManagementReviewTopic).map((topic) => ({
            topic,
            covered: given.get(topic)?.covered ?? false,
            notes: given.get(topic)?.notes?.trim() || null,
          })),
          decisions: input.decisions ?? [],
          actions: actions.map((a) => ({
            description: a.description,
            ownerId: a.ownerId ?? null,
            dueAt: a.dueAt ? a.dueAt.toISOString() : null,
          })),
          summary: input.summary?.trim() || null,
          recordedByType: actor.type,
          recordedById: actorId(actor),
        }),
      );
      work.audit({
        action: 'management_review.recorded',
        entityType: 'ManagementReview',
        entityId: review.id,
        changes: diffFields(null, review, [
          'cycleId',
          'heldAt',
          'attendees',
          'inputs',
          'decisions',
          'actions',
        ]),
      });
      return review;
    });
  }

  /** Reviews of the given cycles, by date held, for per-request loaders. */
  reviewsOf(organisationId: string, cycleIds: readonly string[]): Promise<ManagementReview[]> {
    return this.dataSource.getRepository(ManagementReview).find({
      where: { organisationId, cycleId: In([...cycleIds]) },
      order: { heldAt: 'ASC', id: 'ASC' },
    });
  }
}
