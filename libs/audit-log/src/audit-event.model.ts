import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ConnectionType } from '@aims/platform';

@ObjectType('AuditEvent', { description: 'An append-only, hash-chained record of a change.' })
export class AuditEventModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Position in the organisation’s chain, from 1.' })
  seq: number;

  @Field()
  action: string;

  @Field()
  entityType: string;

  @Field(() => String, { nullable: true })
  entityId: string | null;

  @Field({ description: 'USER, API_KEY or SYSTEM.' })
  actorType: string;

  @Field(() => String, { nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field()
  occurredAt: Date;

  @Field(() => GraphQLJSON, { description: 'Changed fields as { field: { from, to } }, or event details.' })
  changes: Record<string, unknown>;

  @Field()
  prevHash: string;

  @Field()
  hash: string;
}

export const AuditEventConnection = ConnectionType(AuditEventModel, 'AuditEvent');

@ObjectType()
export class AuditLogIntegrity {
  @Field({ description: 'True when every event links to its predecessor and hashes to its stored hash.' })
  valid: boolean;

  @Field(() => Int)
  checkedEvents: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Sequence number of the first event that breaks the chain.',
  })
  firstBrokenSeq: number | null;
}
