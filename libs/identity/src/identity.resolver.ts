import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import {
  Access,
  Actor,
  AuthenticatedRequest,
  CurrentActor,
  HumanSession,
  NotFound,
  Organisation,
  Public,
  RequestId,
  Roles,
} from '@aims/platform';
import { ApiKeyService } from './api-key.service';
import { AuthService } from './auth.service';
import {
  AcceptInvitationInput,
  CreateApiKeyInput,
  InviteMemberInput,
  LoginInput,
  RemoveMemberInput,
  RevokeApiKeyInput,
  SignUpInput,
  UpdateMemberRoleInput,
} from './dto/identity.inputs';
import { MembershipService } from './membership.service';
import {
  ApiKeyModel,
  ApiKeyPayload,
  AuthPayload,
  CreateApiKeyPayload,
  InviteMemberPayload,
  MembershipModel,
  MembershipPayload,
  OrganisationModel,
  RemoveMemberPayload,
} from './models/identity.models';

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly members: MembershipService,
    private readonly apiKeyService: ApiKeyService,
    private readonly dataSource: DataSource,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Creates an account and a new organisation you own.' })
  @Public()
  signUp(@Args('input') input: SignUpInput, @RequestId() requestId?: string) {
    return this.auth.signUp(input, requestId);
  }

  @Mutation(() => AuthPayload)
  @Public()
  login(
    @Args('input') input: LoginInput,
    @Context('req') req: AuthenticatedRequest,
    @RequestId() requestId?: string,
  ) {
    return this.auth.login(input, req.ip ?? 'unknown', requestId);
  }

  @Mutation(() => AuthPayload)
  @Public()
  acceptInvitation(@Args('input') input: AcceptInvitationInput, @RequestId() requestId?: string) {
    return this.auth.acceptInvitation(input, requestId);
  }

  @Query(() => OrganisationModel)
  @Roles(...Access.READ)
  async organisation(@CurrentActor() actor: Actor): Promise<Organisation> {
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .findOneBy({ id: actor.organisationId });
    if (!organisation) throw new NotFound('Organisation', actor.organisationId);
    return organisation;
  }

  @Query(() => [MembershipModel], { description: 'Members and pending invitations.' })
  @Roles(...Access.READ)
  memberships(@CurrentActor() actor: Actor) {
    return this.members.list(actor);
  }

  @Mutation(() => InviteMemberPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  inviteMember(@CurrentActor() actor: Actor, @Args('input') input: InviteMemberInput) {
    return this.members.invite(actor, input);
  }

  @Mutation(() => MembershipPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  async updateMemberRole(@CurrentActor() actor: Actor, @Args('input') input: UpdateMemberRoleInput) {
    return { membership: await this.members.updateRole(actor, input) };
  }

  @Mutation(() => RemoveMemberPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  async removeMember(@CurrentActor() actor: Actor, @Args('input') input: RemoveMemberInput) {
    return { removedMembershipId: await this.members.remove(actor, input) };
  }

  @Query(() => [ApiKeyModel])
  @Roles(...Access.MANAGE)
  apiKeys(@CurrentActor() actor: Actor) {
    return this.apiKeyService.list(actor);
  }

  @Mutation(() => CreateApiKeyPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  createApiKey(@CurrentActor() actor: Actor, @Args('input') input: CreateApiKeyInput) {
    return this.apiKeyService.create(actor, input);
  }

  @Mutation(() => ApiKeyPayload)
  @Roles(...Access.MANAGE)
  @HumanSession()
  async revokeApiKey(@CurrentActor() actor: Actor, @Args('input') input: RevokeApiKeyInput) {
    return { apiKey: await this.apiKeyService.revoke(actor, input) };
  }
}
