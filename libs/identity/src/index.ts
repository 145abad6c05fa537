export * from './actor-resolver.service';
export * from './api-key.entity';
export * from './auth-token.service';
export * from './auth.service';
export * from './dto/identity.inputs';
export * from './member.loader';
export * from './identity.module';
export * from './membership.entity';
export * from './membership.service';
export * from './models/identity.models';
export * from './user.entity';

import { ApiKey } from './api-key.entity';
import { Membership } from './membership.entity';
import { User } from './user.entity';

export const IDENTITY_ENTITIES = [User, Membership, ApiKey];
