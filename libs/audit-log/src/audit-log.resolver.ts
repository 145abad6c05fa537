import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access, Actor, ConnectionArgs, CurrentActor, Roles } from '@aims/platform';
import { AuditEventConnection, AuditLogIntegrity } from './audit-event.model';
import { AuditLogService } from './audit-log.service';
import { AuditEventFilter } from './dto/audit-event.filter';

@Resolver()
export class AuditLogResolver {
  constructor(private readonly auditLog: AuditLogService) {}

  @Query(() => AuditEventConnection, { description: 'The organisation’s audit trail, newest first.' })
  @Roles(...Access.READ)
  auditEvents(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter?: AuditEventFilter,
  ) {
    return this.auditLog.list(actor, filter ?? {}, page.first, page.after);
  }

  @Query(() => AuditLogIntegrity, {
    description: 'Recomputes the hash chain and reports the first broken link.',
  })
  @Roles(...Access.READ)
  auditLogIntegrity(@CurrentActor() actor: Actor) {
    return this.auditLog.verify(actor.organisationId);
  }
}
