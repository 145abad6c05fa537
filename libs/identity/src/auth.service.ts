import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import {
  AppConfig,
  BadUserInput,
  Clock,
  Conflict,
  NotFound,
  Organisation,
  RateLimiter,
  Role,
  Unauthenticated,
  userActor,
} from '@aims/platform';
import { UnitOfWork } from '@aims/audit-log';
import { AuthTokenService } from './auth-token.service';
import { AcceptInvitationInput, LoginInput, SignUpInput } from './dto/identity.inputs';
import { Membership } from './membership.entity';
import { AuthPayload } from './models/identity.models';
import { DUMMY_PASSWORD_HASH, hashPassword, sha256Hex, verifyPassword } from './secrets';
import { User } from './user.entity';

const LOGIN_WINDOW_SECONDS = 15 * 60;

/** Sign-up, login and invitation acceptance: the ways a person gets an access token. */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly tokens: AuthTokenService,
    private readonly clock: Clock,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  /** Creates a user (or reuses none: the email must be new), an organisation and an OWNER membership. */
  async signUp(input: SignUpInput, requestId?: string): Promise<AuthPayload> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.getRepository(User).existsBy({ email: input.email })) {
        throw new Conflict(
          'An account with this email already exists; log in and create organisations from there',
        );
      }
      const user = await manager
        .getRepository(User)
        .save({ email: input.email, name: input.name, passwordHash });
      const organisation = await manager.getRepository(Organisation).save({ name: input.organisationName });
      const membership = await manager.getRepository(Membership).save({
        organisationId: organisation.id,
        userId: user.id,
        email: user.email,
        role: Role.OWNER,
        status: 'ACTIVE' as const,
      });
      const actor = userActor(
        { organisationId: organisation.id, role: Role.OWNER, userId: user.id },
        requestId,
      );
      await this.uow.within(manager, actor, async (work) => {
        work.audit({
          action: 'organisation.created',
          entityType: 'Organisation',
          entityId: organisation.id,
          changes: { name: { from: null, to: organisation.name } },
        });
        work.audit({
          action: 'membership.created',
          entityType: 'Membership',
          entityId: membership.id,
          changes: { email: { from: null, to: user.email }, role: { from: null, to: Role.OWNER } },
        });
      });
      return this.payload(user, organisation, membership);
    });
  }

  async login(input: LoginInput, clientAddress: string, requestId?: string): Promise<AuthPayload> {
    const limitKey = `login:${input.email}:${clientAddress}`;
    await this.rateLimiter.check(limitKey, this.config.LOGIN_RATE_LIMIT, LOGIN_WINDOW_SECONDS);
    const user = await this.dataSource.getRepository(User).findOneBy({ email: input.email });
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok) {
      await this.rateLimiter.increment(limitKey, LOGIN_WINDOW_SECONDS);
      throw new Unauthenticated('Invalid email or password');
    }
    const now = this.clock.now();
    const memberships = (
      await this.dataSource.getRepository(Membership).find({ where: { userId: user.id, status: 'ACTIVE' } })
    ).filter((m) => !m.expiresAt || m.expiresAt > now);
    let membership: Membership | undefined;
    if (input.organisationId) {
      membership = memberships.find((m) => m.organisationId === input.organisationId);
      if (!membership) throw new NotFound('Organisation', input.organisationId);
    } else if (memberships.length === 1) {
      membership = memberships[0];
    } else if (memberships.length === 0) {
      throw new Unauthenticated('You are not an active member of any organisation');
    } else {
      throw BadUserInput.field('input.organisationId', 'is required: you belong to several organisations');
    }
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .findOneByOrFail({ id: membership.organisationId });
    const actor = userActor(
      {
        organisationId: organisation.id,
        role: membership.role,
        userId: user.id,
        membershipId: membership.id,
      },
      requestId,
    );
    await this.uow.run(actor, async (work) => {
      work.audit({ action: 'auth.login', entityType: 'User', entityId: user.id });
    });
    return this.payload(user, organisation, membership);
  }

  /** Activates an invited membership, creating the account when the email has none. */
  async acceptInvitation(input: AcceptInvitationInput, requestId?: string): Promise<AuthPayload> {
    const tokenHash = sha256Hex(input.token);
    const now = this.clock.now();
    const invited = await this.dataSource
      .getRepository(Membership)
      .findOneBy({ invitationTokenHash: tokenHash, status: 'INVITED' });
    if (!invited || !invited.invitationExpiresAt || invited.invitationExpiresAt <= now) {
      throw BadUserInput.field('input.token', 'is invalid or has expired');
    }
    const existing = await this.dataSource.getRepository(User).findOneBy({ email: invited.email });
    if (existing && !(await verifyPassword(input.password, existing.passwordHash))) {
      throw BadUserInput.field('input.password', 'does not match the existing account for this email');
    }
    const passwordHash = existing ? existing.passwordHash : await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const user =
        existing ??
        (await manager.getRepository(User).save({ email: invited.email, name: input.name, passwordHash }));
      const claimed = await manager
        .getRepository(Membership)
        .update(
          { id: invited.id, status: 'INVITED', invitationTokenHash: tokenHash, userId: IsNull() },
          { status: 'ACTIVE', userId: user.id, invitationTokenHash: null, invitationExpiresAt: null },
        );
      if (claimed.affected !== 1) throw BadUserInput.field('input.token', 'is invalid or has expired');
      const membership = await manager.getRepository(Membership).findOneByOrFail({ id: invited.id });
      const organisation = await manager
        .getRepository(Organisation)
        .findOneByOrFail({ id: membership.organisationId });
      const actor = userActor(
        {
          organisationId: organisation.id,
          role: membership.role,
          userId: user.id,
          membershipId: membership.id,
        },
        requestId,
      );
      await this.uow.within(manager, actor, async (work) => {
        work.audit({
          action: 'membership.accepted',
          entityType: 'Membership',
          entityId: membership.id,
          changes: { status: { from: 'INVITED', to: 'ACTIVE' } },
        });
      });
      return this.payload(user, organisation, membership);
    });
  }

  private payload(user: User, organisation: Organisation, membership: Membership): AuthPayload {
    const { accessToken, expiresAt } = this.tokens.issue({
      sub: user.id,
      org: organisation.id,
      role: membership.role,
      mid: membership.id,
    });
    return { accessToken, expiresAt, user, organisation, role: membership.role };
  }
}
