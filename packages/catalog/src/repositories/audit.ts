import { isNamedError } from '@meshwork/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** One audit entry: who did what to what, and how it ended. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly requestId?: string | undefined;
  readonly details?: Record<string, unknown>;
  /** When it happened; the database's clock when not given. */
  readonly at?: Date;
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
      ...(entry.at === undefined ? {} : { at: entry.at }),
    })
    .execute();
}

/**
 * Runs a state change (its own transaction) and, when it ends in a ConflictError (the row was no longer in a
 * state that allows it), audits the refusal outside the rolled-back transaction before rethrowing: a refused
 * decision stays on record even though nothing was written. The target is the conflict's `product` detail.
 */
export async function auditingConflicts<T>(
  db: Kysely<CatalogDatabase>,
  refused: {
    readonly actor: string;
    readonly action: string;
    readonly requestId?: string | undefined;
    /** What identifies the row (`{ grant: id }`); the conflict's message is added as `reason`. */
    readonly details: Record<string, unknown>;
  },
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (isNamedError(error, 'ConflictError')) {
      await appendAudit(db, {
        actor: refused.actor,
        action: refused.action,
        target: String(error.details.product ?? Object.values(refused.details)[0]),
        outcome: 'refused',
        requestId: refused.requestId,
        details: { ...refused.details, reason: error.message },
      });
    }
    throw error;
  }
}

/** An entry of the audit log as read back. */
export interface AuditRecord {
  /** Position in the log: increasing, the cursor of {@link listAudit}. */
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
}

/** Which audit entries to list; every filter given must match. */
export interface AuditFilter {
  /** The actor (a user's e-mail, `auto`, …). */
  readonly actor?: string;
  /** A product address: matches a target that is the address or has it as an element of a comma-separated list. */
  readonly product?: string;
  /** The action, exactly (`publish`, `query`); `access.*` matches every action that starts with `access.`. */
  readonly action?: string;
  readonly outcome?: string;
  /** From this instant (inclusive) to that one (exclusive). */
  readonly from?: Date;
  readonly to?: Date;
  /** Entries older than this id: the `next` of the previous page. */
  readonly before?: string;
  readonly limit: number;
}

/** Audit entries, newest first, `limit` at a time; `next` is the cursor of the following page, or null. */
export async function listAudit(
  db: Kysely<CatalogDatabase>,
  filter: AuditFilter,
): Promise<{ readonly items: AuditRecord[]; readonly next: string | null }> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.product !== undefined) {
    query = query.where(sql<boolean>`${filter.product} = any(string_to_array(target, ','))`);
  }
  if (filter.action !== undefined) {
    query = filter.action.endsWith('.*')
      ? query.where('action', 'like', `${likeEscape(filter.action.slice(0, -1))}%`)
      : query.where('action', '=', filter.action);
  }
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.before !== undefined) query = query.where(sql<boolean>`id < ${filter.before}::bigint`);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.slice(0, filter.limit).map((r) => ({
    id: String(r.id),
    at: new Date(r.at),
    actor: r.actor,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    requestId: r.request_id,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
  }));
  return { items, next: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** Text matched literally by LIKE (PostgreSQL's default escape character is the backslash). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
