import type { Kysely, Transaction } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** One audit entry: who did what to what, and how it ended. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly requestId?: string | undefined;
  readonly details?: Record<string, unknown>;
}

/** Appends to the audit log (inside the caller's transaction when given one, so both commit or neither). */
export async function appendAudit(
  db: Kysely<CatalogDatabase> | Transaction<CatalogDatabase>,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      outcome: entry.outcome,
      request_id: entry.requestId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
