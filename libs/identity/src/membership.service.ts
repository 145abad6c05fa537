import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  BadUserInput,
  Clock,
  Conflict,
  Forbidden,
  lockTenantRow,
  plainRows,
  Role,
} from '@aims/platform';
import { changeRow, diffFields, UnitOfWork } from '@aims/audit-log';
import { membershipCacheKey, CredentialCache } from './credential-cache';
import { InviteMemberInput, RemoveMemberInput, UpdateMemberRoleInput } from './dto/identity.inputs';
import { Membership } from './membership.entity';
import { newInvitationToken, sha256Hex } from './secrets';
import { User } from './user.entity';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Members of an organisation: invitations, role changes, removal. OWNER is protected (see rules below). */
@Injectable()
export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly credentials: CredentialCache,
  ) {}

  list(actor: Actor): Promise<Membership[]> {
    return this.dataSource.getRepository(Membership).find({
      where: { organisationId: actor.organisationId },
      relations: { user: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async invite(
    actor: Actor,
    input: InviteMemberInput,
  ): Promise<{ invitationToken: string; membership: Membership }> {
    this.assertFuture(input.expiresAt, 'input.expiresAt');
    if (input.role === Role.OWNER && actor.role !== Role.OWNER)
      throw new Forbidden('Only an OWNER can invite an OWNER');
    const token = newInvitationToken();
    const now = this.clock.now();
    return this.uow.run(actor, async (work) => {
      const repo = work.manager.getRepository(Membership);
      if (await repo.existsBy({ organisationId: actor.organisationId, email: input.email })) {
        throw new Conflict(`${input.email} is already a member or has a pending invitation`);
      }
      const membership = await repo.save({
        organisationId: actor.organisationId,
        userId: null,
        email: input.email,
        role: input.role,
        status: 'INVITED' as const,
        expiresAt: input.expiresAt ?? null,
        invitationTokenHash: sha256Hex(token),
        invitationExpiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        invitedByUserId: actor.userId ?? null,
      });
      work.audit({
        action: 'membership.invited',
        entityType: 'Membership',
        entityId: membership.id,
        changes: diffFields(null, membership, ['email', 'role', 'expiresAt']),
      });
      return { invitationToken: token, membership };
    });
  }

  async updateRole(actor: Actor, input: UpdateMemberRoleInput): Promise<Membership> {
    this.assertFuture(input.expiresAt, 'input.expiresAt');
    return this.uow.run(actor, async (work) => {
      const membership = await lockTenantRow(
        work.manager,
        Membership,
        'Membership',
        actor.organisationId,
        input.membershipId,
      );
      const touchesOwner = membership.role === Role.OWNER || input.role === Role.OWNER;
      if (touchesOwner && actor.role !== Role.OWNER)
        throw new Forbidden('Only an OWNER can grant or change the OWNER role');
      if (membership.role === Role.OWNER && input.role !== Role.OWNER)
        await this.assertAnotherOwner(work.manager, actor, membership);
      const change = {
        entity: Membership,
        entityType: 'Membership',
        action: 'membership.updated',
        fields: ['role', 'expiresAt'] as const,
        always: true,
      };
      await changeRow(work, membership, change, (row) => {
        row.role = input.role;
        if (input.expiresAt !== undefined) row.expiresAt = input.expiresAt;
      });
      if (membership.userId)
        await this.credentials.invalidate(
          work.manager,
          membershipCacheKey(actor.organisationId, membership.userId),
        );
      return membership;
    });
  }

  async remove(actor: Actor, input: RemoveMemberInput): Promise<string> {
    return this.uow.run(actor, async (work) => {
      const membership = await lockTenantRow(
        work.manager,
        Membership,
        'Membership',
        actor.organisationId,
        input.membershipId,
      );
      if (membership.role === Role.OWNER) {
        if (actor.role !== Role.OWNER) throw new Forbidden('Only an OWNER can remove an OWNER');
        await this.assertAnotherOwner(work.manager, actor, membership);
      }
      await work.manager
        .getRepository(Membership)
        .delete({ id: membership.id, organisationId: actor.organisationId });
      if (membership.userId)
        await this.credentials.invalidate(
          work.manager,
          membershipCacheKey(actor.organisationId, membership.userId),
        );
      work.audit({
        action: 'membership.removed',
        entityType: 'Membership',
        entityId: membership.id,
        changes: diffFields(membership, {}, ['email', 'role']),
      });
      return membership.id;
    });
  }

  /**
   * The users among `userIds` who are active, unexpired members of the organisation, in one statement:
   * other domains use it to validate and display owners without reading identity tables themselves.
   */
  async memberUsers(organisationId: string, userIds: readonly string[]): Promise<User[]> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return [];
    const { rows } = await plainRows(
      this.dataSource
        .getRepository(User)
        .createQueryBuilder('u')
        .innerJoin(Membership, 'm', 'm.userId = u.id')
        .where("m.organisationId = :org AND m.userId IN (:...ids) AND m.status = 'ACTIVE'", {
          org: organisationId,
          ids,
        })
        .andWhere('(m.expiresAt IS NULL OR m.expiresAt > :now)', { now: this.clock.now() }),
    );
    return rows;
  }

  /** BAD_USER_INPUT naming every field whose user is not an active member of the organisation. */
  async assertMembers(
    organisationId: string,
    checks: readonly { field: string; userId: string }[],
  ): Promise<void> {
    const members = new Set(
      (
        await this.memberUsers(
          organisationId,
          checks.map((c) => c.userId),
        )
      ).map((u) => u.id),
    );
    const problems = checks
      .filter((c) => !members.has(c.userId))
      .map((c) => ({ field: c.field, message: 'is not an active member of this organisation' }));
    if (problems.length > 0) throw new BadUserInput(problems);
  }

  /** An organisation always keeps at least one active, unexpired OWNER. Owners are locked so two demotions cannot race. */
  private async assertAnotherOwner(manager: EntityManager, actor: Actor, leaving: Membership): Promise<void> {
    const owners = await manager
      .getRepository(Membership)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.organisationId = :org AND m.role = :role AND m.status = :status', {
        org: actor.organisationId,
        role: Role.OWNER,
        status: 'ACTIVE',
      })
      // A time-boxed owner whose membership has ended cannot be the one who keeps the organisation.
      .andWhere('(m.expiresAt IS NULL OR m.expiresAt > :now)', { now: this.clock.now() })
      .getMany();
    if (!owners.some((m) => m.id !== leaving.id))
      throw new Conflict('The organisation must keep at least one OWNER');
  }

  private assertFuture(at: Date | undefined, field: string): void {
    if (at && at <= this.clock.now()) throw BadUserInput.field(field, 'must be in the future');
  }
}
