import { MAX_ACCESS_DAYS } from '@meshwork/api';
import {
  type AccessOutcome,
  type AccessRequest,
  type Catalog,
  createAccessRequest,
  decideAccessRequest,
  getAccessRequest,
  listAccessRequests,
  type User,
} from '@meshwork/catalog';
import { didYouMeanHint, InputError, isNamedError, NotAllowedError } from '@meshwork/core';
import type { AccessDecision, AccessModel } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';
import { productResource } from '../access/product-resource.js';
import { emitAccessEvent } from './access-events.js';
import { governedAccess, visibleScope } from './access-scope.js';
import type { ServiceDeps } from './service-deps.js';

const DAY_MS = 86_400_000;

/** The note of an automatic approval. */
export const AUTO_APPROVE_NOTE = 'auto-approved: internal data or lower';

type AccessDeps = Pick<ServiceDeps, 'catalog' | 'governance' | 'events' | 'log'>;

/** An access request as asked: a product, a purpose, until when, and the columns to see unmasked. */
export interface RequestAccessInput {
  readonly product: string;
  readonly purpose: string;
  readonly expiresAt?: string | undefined;
  readonly expiresInDays?: number | undefined;
  readonly columns?: readonly string[] | undefined;
  readonly consumerProduct?: string | undefined;
  /** The id of the call, in the audit log and the events. */
  readonly requestId: string;
}

/**
 * Asks for access to a product with a purpose (Cedar `request`). Requests for data classified `internal` or
 * lower that ask for no unmasked columns are approved at once (the access model's `autoApproves`). Audited
 * with the request in one transaction; raises `access.requested` (and `access.approved`).
 */
export async function requestAccess(deps: AccessDeps, user: User, input: RequestAccessInput): Promise<AccessOutcome> {
  const access = governedAccess(deps);
  if (input.purpose.trim().length < 10) {
    throw new InputError('purpose must say why the data is wanted, in at least 10 characters', { field: 'purpose' });
  }
  const expiresAt = expiryOf(input);
  const resource = await productResource(deps.catalog, access, input.product);
  const columns = [...(input.columns ?? [])];
  checkColumns(columns, resource, user, access);
  if (input.consumerProduct !== undefined)
    await checkConsumer(deps.catalog, access, input.consumerProduct, resource.domain, user);
  const principal = principalOf(user);
  const decision = access.authorize(principal, 'request', resource, { purpose: input.purpose });
  if (decision.decision === 'deny') throw new NotAllowedError(decision.summary, decisionDetails(decision));
  const auto = access.autoApproves(principal, resource, columns.length, input.purpose);
  const outcome = await createAccessRequest(deps.catalog.db, {
    product: input.product,
    requester: { id: user.id, email: user.email, domain: user.domain },
    consumerProduct: input.consumerProduct ?? null,
    columns,
    purpose: input.purpose,
    expiresAt,
    requestId: input.requestId,
    ...(auto ? { autoApprove: { note: AUTO_APPROVE_NOTE } } : {}),
  });
  await emitAccessEvent(deps, input.requestId, 'access.requested', outcome, {
    classification: resource.classification,
  });
  if (outcome.grant) await emitAccessEvent(deps, input.requestId, 'access.approved', outcome);
  return outcome;
}

/** Which requests to list; `mine` narrows to the caller's own. */
export interface AccessRequestFilter {
  readonly status?: AccessRequest['status'] | undefined;
  readonly product?: string | undefined;
  readonly mine?: boolean | undefined;
  readonly limit: number;
}

/** The access requests the caller may see (the access model's scope), newest first. */
export async function accessRequests(
  deps: AccessDeps,
  user: User,
  input: AccessRequestFilter,
): Promise<AccessRequest[]> {
  const scope = visibleScope(governedAccess(deps), user, input.mine === true);
  return listAccessRequests(deps.catalog.db, {
    ...(input.status ? { status: input.status } : {}),
    ...(input.product ? { product: input.product } : {}),
    ...(scope.own ? { requester: user.email } : {}),
    ...(scope.involving ? { involving: scope.involving } : {}),
    limit: input.limit,
  });
}

/**
 * Approves or rejects a pending request (Cedar `approve` / `reject`): audited with the decision in one
 * transaction; raises `access.approved` or `access.rejected`.
 */
export async function decideAccess(
  deps: AccessDeps,
  user: User,
  input: {
    readonly id: string;
    readonly decision: 'approve' | 'reject';
    readonly note?: string | null | undefined;
    readonly requestId: string;
  },
): Promise<AccessOutcome> {
  const access = governedAccess(deps);
  const pending = await getAccessRequest(deps.catalog.db, input.id);
  const resource = await productResource(deps.catalog, access, pending.product);
  const who = `owners of ${resource.domain} (and admins, where the mesh's policies permit it) decide requests for its products`;
  const verdict = access.authorize(principalOf(user), input.decision, resource, { purpose: pending.purpose });
  if (verdict.decision === 'deny') {
    throw new NotAllowedError(`${verdict.summary}; ${who}`, {
      request: pending.id,
      product: pending.product,
      ...decisionDetails(verdict),
    });
  }
  const outcome = await decideAccessRequest(
    deps.catalog.db,
    pending.id,
    input.decision,
    user.email,
    input.note ?? null,
    {
      requestId: input.requestId,
    },
  );
  await emitAccessEvent(
    deps,
    input.requestId,
    input.decision === 'approve' ? 'access.approved' : 'access.rejected',
    outcome,
  );
  return outcome;
}

/** When access ends: `expiresAt` in the future and within a year, or `expiresInDays`; exactly one of them. */
function expiryOf(input: { expiresAt?: string | undefined; expiresInDays?: number | undefined }): Date {
  if (input.expiresAt !== undefined && input.expiresInDays !== undefined) {
    throw new InputError('give expiresAt or expiresInDays, not both', { field: 'expiresInDays' });
  }
  if (input.expiresInDays !== undefined) return new Date(Date.now() + input.expiresInDays * DAY_MS);
  if (input.expiresAt === undefined) {
    throw new InputError(
      `say until when: expiresAt (an ISO date-time) or expiresInDays (1 to ${MAX_ACCESS_DAYS}) is required`,
      { field: 'expiresAt' },
    );
  }
  const at = new Date(input.expiresAt);
  if (Number.isNaN(at.getTime())) {
    throw new InputError(`expiresAt "${input.expiresAt}" is not an ISO date-time`, { field: 'expiresAt' });
  }
  if (at.getTime() <= Date.now()) {
    throw new InputError(`expiresAt ${input.expiresAt} is in the past; access must end in the future`, {
      field: 'expiresAt',
    });
  }
  if (at.getTime() > Date.now() + MAX_ACCESS_DAYS * DAY_MS) {
    throw new InputError(
      `expiresAt ${input.expiresAt} is more than ${MAX_ACCESS_DAYS} days ahead; ask for at most a year and renew`,
      { field: 'expiresAt' },
    );
  }
  return at;
}

/**
 * Requested columns must be in the product's latest contracts and above the caller's clearance (anything
 * at or below it is shown unmasked already). A clearance the taxonomy does not know clears nothing.
 */
function checkColumns(
  columns: readonly string[],
  resource: { address: string; columns: { name: string; classification: string | null }[] },
  user: User,
  access: AccessModel,
): void {
  const known = new Map(resource.columns.map((c) => [c.name, c.classification]));
  const principal = principalOf(user);
  for (const column of columns) {
    if (!known.has(column)) {
      const hint = didYouMeanHint(column, known.keys());
      throw new InputError(
        `column "${column}" is not in the latest contract of ${resource.address}${hint ? `. ${hint}` : ''}`,
        { field: 'columns', column, ...(hint ? { hint } : {}), known: [...known.keys()] },
      );
    }
    const level = known.get(column) ?? null;
    if (!access.isAboveClearance(principal, { name: column, classification: level })) {
      throw new InputError(
        `column "${column}" of ${resource.address} is ${level === null ? 'not classified' : `classified ${level}`}, which ${user.email} (clearance ${user.clearance}) already sees unmasked; list only columns above your clearance`,
        { field: 'columns', column, classification: level, clearance: user.clearance },
      );
    }
  }
}

/** A consumer product must exist, be of another domain than the product, and be the caller's domain's. */
async function checkConsumer(
  catalog: Catalog,
  access: AccessModel,
  address: string,
  productDomain: string,
  user: User,
): Promise<void> {
  const consumer = await productResource(catalog, access, address).catch((error: unknown) => {
    if (isNamedError(error, 'NotFoundError')) {
      throw new InputError(`consumerProduct ${address} is not in the catalog; publish it first`, {
        field: 'consumerProduct',
      });
    }
    throw error;
  });
  if (consumer.domain === productDomain) {
    throw new InputError(
      `consumerProduct ${address} is of ${productDomain} itself; products read their own domain's products without a request`,
      { field: 'consumerProduct' },
    );
  }
  access.require(
    principalOf(user),
    'requestFor',
    consumer,
    `${user.email} may not ask on behalf of ${address}; owners and members of ${consumer.domain} may`,
    {},
    { consumerProduct: address },
  );
}

function decisionDetails(decision: AccessDecision): Record<string, unknown> {
  return { decision: decision.decision, reasons: [...decision.reasons], errors: [...decision.errors] };
}
