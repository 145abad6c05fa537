import { registerEnumType } from '@nestjs/graphql';

/** Roles (contract). */
export enum Role {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  COMPLIANCE_OFFICER = 'COMPLIANCE_OFFICER',
  AUDITOR = 'AUDITOR',
  VIEWER = 'VIEWER',
}
registerEnumType(Role, { name: 'Role', description: 'What a member or API key may do in an organisation.' });

/** Who may call what (docs/domain-rules.md#roles-and-access). Resolvers name one of these in @Roles(). */
export const Access = {
  /** Everyone in the organisation: reads. */
  READ: [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR, Role.VIEWER],
  /** Writes to governance data (AI systems, risks, cycles, evidence). */
  GOVERN: [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER],
  /** Audit work: findings, evidence packs. */
  AUDIT: [Role.OWNER, Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR],
  /** Members, API keys, settings, webhooks. */
  MANAGE: [Role.OWNER, Role.ADMIN],
} as const;
