import { AuditEntry } from './unit-of-work';
import { chainHash, GENESIS_HASH } from './hash-chain';

/** Runs one SQL statement; a TypeORM QueryRunner's `query` fits. */
export type SqlRunner = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Appends SYSTEM audit events to an organisation's chain from a data migration, which has no UnitOfWork:
 * the same chain-head lock, sequence numbers and hashes as UnitOfWork, in plain SQL so it does not depend on
 * entity metadata that later migrations may change. Call it inside the migration's transaction.
 */
export async function appendMigrationAudit(
  query: SqlRunner,
  organisationId: string,
  entries: readonly AuditEntry[],
  occurredAt: Date,
  requestId: string,
): Promise<void> {
  if (entries.length === 0) return;
  await query(
    'INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING',
    [organisationId, GENESIS_HASH],
  );
  const [head] = (await query(
    'SELECT seq::int AS seq, hash FROM audit_chain_head WHERE organisation_id = $1 FOR UPDATE',
    [organisationId],
  )) as { seq: number; hash: string }[];
  let { seq, hash: prevHash } = head;
  for (const entry of entries) {
    seq += 1;
    const body = {
      organisationId,
      seq,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      actorType: 'SYSTEM',
      actorId: null,
      requestId,
      occurredAt: occurredAt.toISOString(),
      changes: JSON.parse(JSON.stringify(entry.changes ?? {})) as Record<string, unknown>,
    };
    const hash = chainHash(prevHash, body);
    await query(
      `INSERT INTO audit_event (organisation_id, seq, action, entity_type, entity_id, actor_type, actor_id,
         request_id, occurred_at, changes, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        organisationId,
        seq,
        body.action,
        body.entityType,
        body.entityId,
        body.actorType,
        body.actorId,
        requestId,
        occurredAt,
        JSON.stringify(body.changes),
        prevHash,
        hash,
      ],
    );
    prevHash = hash;
  }
  await query('UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE organisation_id = $1', [
    organisationId,
    seq,
    prevHash,
  ]);
}
