import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '@aims/platform';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  name: string;
}

@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class AuthPayload {
  @Field({
    description: 'Short-lived JWT bound to one organisation and role. Send as `Authorization: Bearer`.',
  })
  accessToken: string;

  @Field()
  expiresAt: Date;

  @Field(() => UserModel)
  user: UserModel;

  @Field(() => OrganisationModel)
  organisation: OrganisationModel;

  @Field(() => Role)
  role: Role;
}

@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Role)
  role: Role;

  @Field({ description: 'Public part of the key, to recognise it in lists and logs.' })
  prefix: string;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Last use, to the minute.' })
  lastUsedAt: Date | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class Me {
  @Field(() => UserModel, { nullable: true, description: 'Null when the caller is an API key.' })
  user: UserModel | null;

  @Field(() => ApiKeyModel, { nullable: true, description: 'Set when the caller is an API key.' })
  apiKey: ApiKeyModel | null;

  @Field(() => OrganisationModel)
  organisation: OrganisationModel;

  @Field(() => Role)
  role: Role;
}

@ObjectType('Membership')
export class MembershipModel {
  @Field(() => ID)
  id: string;

  @Field(() => Role)
  role: Role;

  @Field({ description: 'INVITED until the invitation is accepted, then ACTIVE.' })
  status: string;

  @Field()
  email: string;

  @Field(() => Date, {
    nullable: true,
    description: 'After this time the membership no longer grants access.',
  })
  expiresAt: Date | null;

  @Field(() => UserModel, { nullable: true })
  user?: UserModel | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKeyModel)
  apiKey: ApiKeyModel;

  @Field({ description: 'The secret, shown only in this response.' })
  secret: string;
}

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKeyModel)
  apiKey: ApiKeyModel;
}

@ObjectType()
export class InviteMemberPayload {
  @Field({ description: 'One-time token for acceptInvitation, shown only in this response.' })
  invitationToken: string;

  @Field(() => MembershipModel)
  membership: MembershipModel;
}

@ObjectType()
export class MembershipPayload {
  @Field(() => MembershipModel)
  membership: MembershipModel;
}

@ObjectType()
export class RemoveMemberPayload {
  @Field(() => ID)
  removedMembershipId: string;
}
