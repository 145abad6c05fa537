import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Access, Actor, CurrentActor, NotFound, Organisation, Role, Roles } from '@aims/platform';
import { ApiKey } from './api-key.entity';
import { ApiKeyModel, Me, OrganisationModel, UserModel } from './models/identity.models';
import { User } from './user.entity';

/** What `me` resolves to: the caller, its other fields read only when the query asks for them. */
interface MeRoot {
  role: Role;
  actor: Actor;
}

/** `me`: the role comes with the credential; user, API key and organisation cost a read each, when asked. */
@Resolver(() => Me)
export class MeResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => Me)
  @Roles(...Access.READ)
  me(@CurrentActor() actor: Actor): MeRoot {
    return { role: actor.role, actor };
  }

  @ResolveField(() => UserModel, { nullable: true })
  user(@Parent() { actor }: MeRoot): Promise<User | null> | null {
    return actor.userId ? this.dataSource.getRepository(User).findOneBy({ id: actor.userId }) : null;
  }

  @ResolveField(() => ApiKeyModel, { nullable: true })
  apiKey(@Parent() { actor }: MeRoot): Promise<ApiKey | null> | null {
    return actor.apiKeyId
      ? this.dataSource
          .getRepository(ApiKey)
          .findOneBy({ id: actor.apiKeyId, organisationId: actor.organisationId })
      : null;
  }

  @ResolveField(() => OrganisationModel)
  async organisation(@Parent() { actor }: MeRoot): Promise<Organisation> {
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .findOneBy({ id: actor.organisationId });
    if (!organisation) throw new NotFound('Organisation', actor.organisationId);
    return organisation;
  }
}
