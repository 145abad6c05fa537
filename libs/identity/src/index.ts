export { ActorResolver } from './actor-resolver.service';
export { ApiKey } from './api-key.entity';
export { AuthTokenService } from './auth-token.service';
export { AuthService } from './auth.service';
export { memberLoader } from './member.loader';
export { IdentityModule } from './identity.module';
export { Membership } from './membership.entity';
export { MembershipService } from './membership.service';
export { ApiKeyModel, MembershipModel, OrganisationModel, UserModel } from './models/identity.models';
export { User } from './user.entity';

export { memberNames } from './member-names';
import { ApiKey } from './api-key.entity';
import { Membership } from './membership.entity';
import { User } from './user.entity';

export const IDENTITY_ENTITIES = [User, Membership, ApiKey];
