import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@meshwork/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CatalogDatabase } from '../schema.js';
import { appendAudit, auditingConflicts } from './audit.js';

/** Where a request stands. Only `pending` ever changes: to `approved`, `rejected` or `withdrawn`. */
export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** A decision on a pending request. */
export type AccessDecisionKind = 'approve' | 'reject';

/** Someone's request to use a product, with why, until when, and which columns they ask to see unmasked. */
export interface AccessRequest {
  readonly id: string;
  readonly product: string;
  readonly requesterId: string;
  readonly requesterEmail: string;
  readonly requesterDomain: string | null;
  /** The product of another domain that asks through its input port, when it is one. */
  readonly consumerProduct: string | null;
  /** Columns above the requester's clearance they ask to see unmasked; [] for none. */
  readonly columns: readonly string[];
  readonly purpose: string;
  readonly expiresAt: Date;
  readonly status: AccessRequestStatus;
  readonly createdAt: Date;
  /** Who decided: a user's e-mail, or `auto` for an automatic approval. */
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionNote: string | null;
}

/** What an approved request grants: active until it expires or is revoked. Grants are never deleted. */
export interface Grant {
  readonly id: string;
  readonly requestId: string;
  readonly product: string;
  readonly granteeEmail: string;
  readonly granteeDomain: string | null;
  readonly columns: readonly string[];
  readonly purpose: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedBy: string | null;
}

/** A grant in force, as the access layer needs it. */
export interface ActiveGrant {
  readonly id: string;
  readonly product: string;
  readonly columns: readonly string[];
  readonly purpose: string;
  readonly expiresAt: Date;
}

/** A request and, once approved, its grant. */
export interface AccessOutcome {
  readonly request: AccessRequest;
  readonly grant: Grant | null;
}

/** A new request. */
export interface NewAccessRequest {
  readonly product: string;
  readonly requester: { readonly id: string; readonly email: string; readonly domain: string | null };
  readonly consumerProduct?: string | null;
  readonly columns?: readonly string[];
  readonly purpose: string;
  readonly expiresAt: Date;
  /** Approve in the same transaction, decided by `auto` with this note (the caller decided it may). */
  readonly autoApprove?: { readonly note: string };
  /** The HTTP request id, kept in the audit log. */
  readonly requestId?: string;
}

/** Who decided an automatic approval. */
export const AUTO_DECIDER = 'auto';

/**
 * Records an access request (audited as `access.request`); with `autoApprove` it is approved and its grant
 * created in the same transaction (audited as `access.approve` by `auto`). The product must exist and the
 * expiry lie in the future.
 */
export async function createAccessRequest(
  db: Kysely<CatalogDatabase>,
  input: NewAccessRequest,
): Promise<AccessOutcome> {
  if (input.purpose.trim() === '') throw new InputError('state the purpose of the request', { field: 'purpose' });
  if (Number.isNaN(input.expiresAt.getTime()) || input.expiresAt.getTime() <= Date.now()) {
    throw new InputError(`the request must expire in the future, not at ${input.expiresAt.toISOString()}`, {
      field: 'expiresAt',
    });
  }
  const columns = [...new Set(input.columns ?? [])];
  return db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom('products')
      .select('address')
      .where('address', '=', input.product)
      .executeTakeFirst();
    if (!product) throw new NotFoundError(`product ${input.product} is not in the catalog`, { address: input.product });
    const row = await trx
      .insertInto('access_requests')
      .values({
        id: randomUUID(),
        product: input.product,
        requester_id: input.requester.id,
        requester_email: input.requester.email,
        requester_domain: input.requester.domain,
        consumer_product: input.consumerProduct ?? null,
        columns: JSON.stringify(columns),
        purpose: input.purpose,
        expires_at: input.expiresAt,
        status: 'pending',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const request = toRequest(row);
    await appendAudit(trx, {
      actor: request.requesterEmail,
      action: 'access.request',
      target: request.product,
      outcome: 'ok',
      requestId: input.requestId,
      details: {
        request: request.id,
        columns,
        purpose: request.purpose,
        expiresAt: request.expiresAt.toISOString(),
        consumerProduct: request.consumerProduct,
      },
    });
    if (!input.autoApprove) return { request, grant: null };
    return decide(trx, request, 'approve', AUTO_DECIDER, input.autoApprove.note, input.requestId);
  });
}

/** Filters of {@link listAccessRequests}; all given ones must hold. */
export interface AccessRequestFilter {
  readonly status?: AccessRequestStatus;
  readonly product?: string;
  readonly requester?: string;
  /** Requests for products of this domain. */
  readonly domain?: string;
  /** Requests a user is involved in: made by `email`, or for products of `domain` (an owner's view). */
  readonly involving?: { readonly email: string; readonly domain: string | null };
  /** At most this many (default 100). */
  readonly limit?: number;
}

/** Access requests, newest first. */
export async function listAccessRequests(
  db: Kysely<CatalogDatabase>,
  filter: AccessRequestFilter = {},
): Promise<AccessRequest[]> {
  let query = db
    .selectFrom('access_requests')
    .innerJoin('products', 'products.address', 'access_requests.product')
    .selectAll('access_requests')
    .orderBy('access_requests.created_at', 'desc')
    .orderBy('access_requests.id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.status) query = query.where('access_requests.status', '=', filter.status);
  if (filter.product) query = query.where('access_requests.product', '=', filter.product);
  if (filter.requester) query = query.where('access_requests.requester_email', '=', filter.requester);
  if (filter.domain) query = query.where('products.domain', '=', filter.domain);
  const involving = filter.involving;
  if (involving) {
    query = query.where((eb) =>
      involving.domain === null
        ? eb('access_requests.requester_email', '=', involving.email)
        : eb.or([
            eb('access_requests.requester_email', '=', involving.email),
            eb('products.domain', '=', involving.domain),
          ]),
    );
  }
  return (await query.execute()).map(toRequest);
}

/** One access request, or NotFoundError. */
export async function getAccessRequest(db: Kysely<CatalogDatabase>, id: string): Promise<AccessRequest> {
  const row = await db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`access request ${id} does not exist`, { id });
  return toRequest(row);
}

/**
 * Approves or rejects a pending request in one transaction: the request row is locked, a request that is
 * no longer pending (decided concurrently, or before) is a ConflictError and nothing is written; an
 * approval creates the grant. Audited as `access.approve` / `access.reject`; refusals are audited too.
 */
export async function decideAccessRequest(
  db: Kysely<CatalogDatabase>,
  id: string,
  decision: AccessDecisionKind,
  by: string,
  note?: string | null,
  context: { readonly requestId?: string } = {},
): Promise<AccessOutcome> {
  return auditingConflicts(
    db,
    { actor: by, action: `access.${decision}`, requestId: context.requestId, details: { request: id } },
    () =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('access_requests')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`access request ${id} does not exist`, { id });
        return decide(trx, toRequest(row), decision, by, note ?? null, context.requestId);
      }),
  );
}

/** Decides `request` (locked by the caller's transaction). */
async function decide(
  trx: Transaction<CatalogDatabase>,
  request: AccessRequest,
  decision: AccessDecisionKind,
  by: string,
  note: string | null,
  requestId: string | undefined,
): Promise<AccessOutcome> {
  if (request.status !== 'pending') {
    throw new ConflictError(
      `access request ${request.id} was already ${request.status}${request.decidedBy ? ` by ${request.decidedBy}` : ''}${request.decidedAt ? ` at ${request.decidedAt.toISOString()}` : ''}; a decided request is never changed`,
      { request: request.id, product: request.product, status: request.status, decidedBy: request.decidedBy },
    );
  }
  if (decision === 'approve' && request.expiresAt.getTime() <= Date.now()) {
    throw new ConflictError(
      `access request ${request.id} expired at ${request.expiresAt.toISOString()} before it was approved; ask for a new one`,
      { request: request.id, product: request.product, expiresAt: request.expiresAt.toISOString() },
    );
  }
  const decided = await trx
    .updateTable('access_requests')
    .set({
      status: decision === 'approve' ? 'approved' : 'rejected',
      decided_by: by,
      decided_at: new Date(),
      decision_note: note,
    })
    .where('id', '=', request.id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirstOrThrow();
  let grant: Grant | null = null;
  if (decision === 'approve') {
    const row = await trx
      .insertInto('grants')
      .values({
        id: randomUUID(),
        request_id: request.id,
        product: request.product,
        grantee_email: request.requesterEmail,
        grantee_domain: request.requesterDomain,
        columns: JSON.stringify(request.columns),
        purpose: request.purpose,
        expires_at: request.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    grant = toGrant(row);
  }
  await appendAudit(trx, {
    actor: by,
    action: `access.${decision}`,
    target: request.product,
    outcome: 'ok',
    requestId,
    details: {
      request: request.id,
      requester: request.requesterEmail,
      note,
      ...(grant ? { grant: grant.id, columns: grant.columns, expiresAt: grant.expiresAt.toISOString() } : {}),
    },
  });
  return { request: toRequest(decided), grant };
}

/** Filters of {@link listGrants}; all given ones must hold. */
export interface GrantFilter {
  readonly grantee?: string;
  readonly product?: string;
  /** Grants on any of these products (none: no grants). */
  readonly products?: readonly string[];
  /** Grants on products of this domain. */
  readonly domain?: string;
  /** Grants a user is involved in: held by `email`, or on products of `domain` (an owner's view). */
  readonly involving?: { readonly email: string; readonly domain: string | null };
  /** Only grants neither expired nor revoked at `now`. */
  readonly active?: boolean;
  readonly now?: Date;
  /** At most this many (default 100). */
  readonly limit?: number;
}

/** Grants, newest first. */
export async function listGrants(db: Kysely<CatalogDatabase>, filter: GrantFilter = {}): Promise<Grant[]> {
  let query = db
    .selectFrom('grants')
    .innerJoin('products', 'products.address', 'grants.product')
    .selectAll('grants')
    .orderBy('grants.created_at', 'desc')
    .orderBy('grants.id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.grantee) query = query.where('grants.grantee_email', '=', filter.grantee);
  if (filter.product) query = query.where('grants.product', '=', filter.product);
  if (filter.products) {
    if (filter.products.length === 0) return [];
    query = query.where('grants.product', 'in', filter.products);
  }
  if (filter.domain) query = query.where('products.domain', '=', filter.domain);
  if (filter.active) {
    query = query.where('grants.revoked_at', 'is', null).where('grants.expires_at', '>', filter.now ?? new Date());
  }
  const involving = filter.involving;
  if (involving) {
    query = query.where((eb) =>
      involving.domain === null
        ? eb('grants.grantee_email', '=', involving.email)
        : eb.or([eb('grants.grantee_email', '=', involving.email), eb('products.domain', '=', involving.domain)]),
    );
  }
  return (await query.execute()).map(toGrant);
}

/** One grant, or NotFoundError. */
export async function getGrant(db: Kysely<CatalogDatabase>, id: string): Promise<Grant> {
  const row = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`grant ${id} does not exist`, { id });
  return toGrant(row);
}

/**
 * Revokes a grant in one transaction (row locked; audited as `access.revoke`). A grant already revoked is a
 * ConflictError. The grant stays, with who revoked it and when.
 */
export async function revokeGrant(
  db: Kysely<CatalogDatabase>,
  id: string,
  by: string,
  context: { readonly requestId?: string } = {},
): Promise<Grant> {
  return auditingConflicts(
    db,
    { actor: by, action: 'access.revoke', requestId: context.requestId, details: { grant: id } },
    () =>
      db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('grants').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row) throw new NotFoundError(`grant ${id} does not exist`, { id });
        const grant = toGrant(row);
        if (grant.revokedAt) {
          throw new ConflictError(
            `grant ${id} was already revoked by ${grant.revokedBy} at ${grant.revokedAt.toISOString()}`,
            { grant: id, product: grant.product, revokedBy: grant.revokedBy },
          );
        }
        const revoked = await trx
          .updateTable('grants')
          .set({ revoked_at: new Date(), revoked_by: by })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actor: by,
          action: 'access.revoke',
          target: grant.product,
          outcome: 'ok',
          requestId: context.requestId,
          details: { grant: id, request: grant.requestId, grantee: grant.granteeEmail },
        });
        return toGrant(revoked);
      }),
  );
}

/** The grants of a user in force at `now`: neither expired nor revoked, newest first. */
export async function activeGrantsOf(
  db: Kysely<CatalogDatabase>,
  email: string,
  now: Date = new Date(),
): Promise<ActiveGrant[]> {
  const grants = await listGrants(db, { grantee: email, active: true, now, limit: 10_000 });
  return grants.map((g) => ({
    id: g.id,
    product: g.product,
    columns: g.columns,
    purpose: g.purpose,
    expiresAt: g.expiresAt,
  }));
}

function toRequest(row: Selectable<CatalogDatabase['access_requests']>): AccessRequest {
  return {
    id: row.id,
    product: row.product,
    requesterId: row.requester_id,
    requesterEmail: row.requester_email,
    requesterDomain: row.requester_domain,
    consumerProduct: row.consumer_product,
    columns: stringList(row.columns),
    purpose: row.purpose,
    expiresAt: new Date(row.expires_at),
    status: row.status as AccessRequestStatus,
    createdAt: new Date(row.created_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    decisionNote: row.decision_note,
  };
}

function toGrant(row: Selectable<CatalogDatabase['grants']>): Grant {
  return {
    id: row.id,
    requestId: row.request_id,
    product: row.product,
    granteeEmail: row.grantee_email,
    granteeDomain: row.grantee_domain,
    columns: stringList(row.columns),
    purpose: row.purpose,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

/** jsonb comes back parsed from PostgreSQL and as text from some drivers: accept both. */
function stringList(value: unknown): string[] {
  const list = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(list) ? list.map(String) : [];
}
