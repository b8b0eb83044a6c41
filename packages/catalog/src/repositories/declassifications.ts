import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@meshwork/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CatalogDatabase } from '../schema.js';
import { appendAudit, auditingConflicts } from './audit.js';

/** A column whose classification a version lowers or removes. */
export interface DeclassifiedColumn {
  readonly column: string;
  readonly from: string;
  /** The new level, or null when the classification is removed. */
  readonly to: string | null;
}

/** Where an approval stands: open until a publish uses it or it is revoked; then it never changes. */
export type DeclassificationApprovalState = 'open' | 'used' | 'revoked';

/**
 * A governance approval of one declassification: the product, the version (or content hash) it is for,
 * the exact columns lowered, and why. Used once, by the publish of that version.
 */
export interface DeclassificationApproval {
  readonly id: string;
  readonly product: string;
  /** The version to be published, or null when the approval names a content hash instead. */
  readonly version: string | null;
  /** The content hash of the version to be published (see `contentHashOf`), or null. */
  readonly contentHash: string | null;
  /** The columns lowered, sorted by name. */
  readonly columns: readonly DeclassifiedColumn[];
  readonly reason: string;
  readonly approvedBy: string;
  readonly approvedAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedBy: string | null;
  readonly usedAt: Date | null;
  /** Who published the version that used it. */
  readonly usedBy: string | null;
  readonly usedVersion: string | null;
  readonly state: DeclassificationApprovalState;
}

/** A new approval: exactly one of `version` and `contentHash`. */
export interface NewDeclassificationApproval {
  readonly product: string;
  readonly version?: string | null;
  readonly contentHash?: string | null;
  readonly columns: readonly DeclassifiedColumn[];
  readonly reason: string;
  readonly approvedBy: string;
  /** The HTTP request id, kept in the audit log. */
  readonly requestId?: string;
}

/** What a publish is: the version and its content hash, and the columns it lowers. */
export interface DeclassifyingPublish {
  readonly product: string;
  readonly version: string;
  readonly contentHash: string;
  readonly columns: readonly DeclassifiedColumn[];
}

/**
 * Records a governance approval of a declassification (audited as `declassification.approve`, in the
 * same transaction). The product must be in the catalog; the columns must be named once each.
 *
 * @example
 * await recordDeclassificationApproval(db, {
 *   product: 'marketing.customers', version: '2.0.0', approvedBy: 'gov@acme.example',
 *   columns: [{ column: 'email', from: 'pii', to: 'internal' }], reason: 'Addresses are role accounts now.',
 * });
 */
export async function recordDeclassificationApproval(
  db: Kysely<CatalogDatabase>,
  input: NewDeclassificationApproval,
): Promise<DeclassificationApproval> {
  const version = input.version ?? null;
  const contentHash = input.contentHash ?? null;
  if ((version === null) === (contentHash === null)) {
    throw new InputError('an approval names the version to be published or its content hash, exactly one of them', {
      field: 'version',
    });
  }
  if (input.reason.trim() === '')
    throw new InputError('say why the classification may be lowered', { field: 'reason' });
  if (input.columns.length === 0) throw new InputError('name at least one column to declassify', { field: 'columns' });
  const columns = sortedColumns(input.columns);
  const twice = columns.find((c, i) => i > 0 && columns[i - 1]?.column === c.column);
  if (twice) {
    throw new InputError(`column "${twice.column}" is named twice; name each column once`, { field: 'columns' });
  }
  return db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom('products')
      .select('address')
      .where('address', '=', input.product)
      .executeTakeFirst();
    if (!product) throw new NotFoundError(`product ${input.product} is not in the catalog`, { address: input.product });
    const row = await trx
      .insertInto('declassification_approvals')
      .values({
        id: randomUUID(),
        product: input.product,
        version,
        content_hash: contentHash,
        columns: JSON.stringify(columns),
        reason: input.reason,
        approved_by: input.approvedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const approval = toApproval(row);
    await appendAudit(trx, {
      actor: approval.approvedBy,
      action: 'declassification.approve',
      target: approval.product,
      outcome: 'ok',
      requestId: input.requestId,
      details: { approval: approval.id, version, contentHash, columns, reason: approval.reason },
    });
    return approval;
  });
}

/** Filters of {@link listDeclassificationApprovals}; all given ones must hold. */
export interface DeclassificationApprovalFilter {
  readonly product?: string;
  readonly state?: DeclassificationApprovalState;
  /** At most this many (default 100). */
  readonly limit?: number;
}

/** Declassification approvals, newest first. */
export async function listDeclassificationApprovals(
  db: Kysely<CatalogDatabase>,
  filter: DeclassificationApprovalFilter = {},
): Promise<DeclassificationApproval[]> {
  let query = db
    .selectFrom('declassification_approvals')
    .selectAll()
    .orderBy('approved_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.product) query = query.where('product', '=', filter.product);
  if (filter.state === 'open') query = query.where('revoked_at', 'is', null).where('used_at', 'is', null);
  if (filter.state === 'used') query = query.where('used_at', 'is not', null);
  if (filter.state === 'revoked') query = query.where('revoked_at', 'is not', null);
  return (await query.execute()).map(toApproval);
}

/** One approval, or NotFoundError. */
export async function getDeclassificationApproval(
  db: Kysely<CatalogDatabase>,
  id: string,
): Promise<DeclassificationApproval> {
  const row = await db.selectFrom('declassification_approvals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`declassification approval ${id} does not exist`, { id });
  return toApproval(row);
}

/**
 * The oldest open approval that covers a publish exactly: same product, the version (or content hash)
 * being published, and the very columns it lowers with the same levels, no more and no fewer. Undefined
 * when there is none.
 */
export async function findDeclassificationApproval(
  db: Kysely<CatalogDatabase> | Transaction<CatalogDatabase>,
  publish: DeclassifyingPublish,
): Promise<DeclassificationApproval | undefined> {
  const rows = await db
    .selectFrom('declassification_approvals')
    .selectAll()
    .where('product', '=', publish.product)
    .where('revoked_at', 'is', null)
    .where('used_at', 'is', null)
    .where((eb) => eb.or([eb('version', '=', publish.version), eb('content_hash', '=', publish.contentHash)]))
    .orderBy('approved_at')
    .orderBy('id')
    .execute();
  return rows.map(toApproval).find((a) => covers(a, publish));
}

/**
 * Marks approval `id` used by a publish, inside the publish's transaction: the row is locked, and an
 * approval revoked or used meanwhile, or one that does not cover the publish exactly, is a ConflictError
 * (so the publish writes nothing).
 */
export async function useDeclassificationApproval(
  trx: Transaction<CatalogDatabase>,
  id: string,
  publish: DeclassifyingPublish,
  by: string,
): Promise<DeclassificationApproval> {
  const row = await trx
    .selectFrom('declassification_approvals')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`declassification approval ${id} does not exist`, { id });
  const approval = toApproval(row);
  if (approval.state !== 'open') {
    throw new ConflictError(
      `declassification approval ${id} was ${approval.state === 'used' ? `used by ${approval.product} ${approval.usedVersion}` : `revoked by ${approval.revokedBy}`} meanwhile; nothing was published`,
      { approval: id, product: approval.product, state: approval.state },
    );
  }
  if (!covers(approval, publish)) {
    throw new ConflictError(
      `declassification approval ${id} does not cover ${publish.product} ${publish.version} exactly; nothing was published`,
      { approval: id, product: approval.product },
    );
  }
  const used = await trx
    .updateTable('declassification_approvals')
    .set({ used_at: new Date(), used_by: by, used_version: publish.version })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApproval(used);
}

/**
 * Revokes an open approval in one transaction (row locked; audited as `declassification.revoke`). An
 * approval already used or revoked is a ConflictError, audited as refused. The approval stays, with who
 * revoked it and when.
 */
export async function revokeDeclassificationApproval(
  db: Kysely<CatalogDatabase>,
  id: string,
  by: string,
  context: { readonly requestId?: string } = {},
): Promise<DeclassificationApproval> {
  return auditingConflicts(
    db,
    { actor: by, action: 'declassification.revoke', requestId: context.requestId, details: { approval: id } },
    () =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('declassification_approvals')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`declassification approval ${id} does not exist`, { id });
        const approval = toApproval(row);
        if (approval.state === 'revoked') {
          throw new ConflictError(
            `declassification approval ${id} was already revoked by ${approval.revokedBy} at ${approval.revokedAt?.toISOString()}`,
            { approval: id, product: approval.product, state: approval.state },
          );
        }
        if (approval.state === 'used') {
          throw new ConflictError(
            `declassification approval ${id} was used by ${approval.product} ${approval.usedVersion} at ${approval.usedAt?.toISOString()}; a used approval is never revoked (publish a version that classifies the columns again)`,
            { approval: id, product: approval.product, state: approval.state },
          );
        }
        const revoked = await trx
          .updateTable('declassification_approvals')
          .set({ revoked_at: new Date(), revoked_by: by })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actor: by,
          action: 'declassification.revoke',
          target: approval.product,
          outcome: 'ok',
          requestId: context.requestId,
          details: { approval: id, approvedBy: approval.approvedBy },
        });
        return toApproval(revoked);
      }),
  );
}

/** Whether an approval covers a publish: its product, its version or hash, and exactly its columns. */
function covers(approval: DeclassificationApproval, publish: DeclassifyingPublish): boolean {
  if (approval.product !== publish.product) return false;
  if (approval.version !== null ? approval.version !== publish.version : approval.contentHash !== publish.contentHash)
    return false;
  const key = (c: DeclassifiedColumn) => JSON.stringify([c.column, c.from, c.to]);
  const wanted = sortedColumns(publish.columns).map(key);
  const given = approval.columns.map(key);
  return wanted.length === given.length && wanted.every((k, i) => k === given[i]);
}

function sortedColumns(columns: readonly DeclassifiedColumn[]): DeclassifiedColumn[] {
  return columns
    .map((c) => ({ column: c.column, from: c.from, to: c.to }))
    .sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

function toApproval(row: Selectable<CatalogDatabase['declassification_approvals']>): DeclassificationApproval {
  const list = typeof row.columns === 'string' ? JSON.parse(row.columns) : row.columns;
  const revokedAt = row.revoked_at === null ? null : new Date(row.revoked_at);
  const usedAt = row.used_at === null ? null : new Date(row.used_at);
  return {
    id: row.id,
    product: row.product,
    version: row.version,
    contentHash: row.content_hash,
    columns: (Array.isArray(list) ? list : []).map((c: Record<string, unknown>) => ({
      column: String(c.column),
      from: String(c.from),
      to: c.to === null || c.to === undefined ? null : String(c.to),
    })),
    reason: row.reason,
    approvedBy: row.approved_by,
    approvedAt: new Date(row.approved_at),
    revokedAt,
    revokedBy: row.revoked_by,
    usedAt,
    usedBy: row.used_by,
    usedVersion: row.used_version,
    state: revokedAt ? 'revoked' : usedAt ? 'used' : 'open',
  };
}
