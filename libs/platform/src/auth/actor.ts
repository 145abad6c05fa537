import { Role } from './role';

export type ActorType = 'USER' | 'API_KEY' | 'SYSTEM';

/**
 * The caller of an operation, resolved once per request by the auth guard and passed explicitly to every
 * service method: the organisation it acts in is never implicit.
 */
export interface Actor {
  type: ActorType;
  organisationId: string;
  role: Role;
  userId?: string;
  apiKeyId?: string;
  membershipId?: string;
  requestId?: string;
}

export function actorId(actor: Actor): string | null {
  return actor.userId ?? actor.apiKeyId ?? null;
}

/** A user acting as a member of an organisation, for the operations that establish who they are. */
export function userActor(
  member: { organisationId: string; role: Role; userId: string; membershipId?: string },
  requestId?: string,
): Actor {
  return { type: 'USER', ...member, requestId };
}

/** The actor for work the system does by itself (scheduled sweeps, job handlers). */
export function systemActor(organisationId: string, requestId?: string): Actor {
  return { type: 'SYSTEM', organisationId, role: Role.ADMIN, requestId };
}
