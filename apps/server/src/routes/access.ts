import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccessOutcome as AccessOutcomeSchema,
  AccessRequestBody,
  DecisionBody,
  ErrorResponse,
  GrantList,
  GrantListQuery,
  Grant as GrantSchema,
  MAX_ACCESS_DAYS,
  RequestIdParams,
  RequestList,
  RequestListQuery,
} from '@meshwork/api';
import {
  type AccessOutcome,
  type AccessRequest,
  type Catalog,
  createAccessRequest,
  decideAccessRequest,
  type Grant,
  getAccessRequest,
  getGrant,
  listAccessRequests,
  listGrants,
  revokeGrant,
  type User,
} from '@meshwork/catalog';
import { didYouMeanHint, InputError, isNamedError, NotAllowedError, UnavailableError } from '@meshwork/core';
import type { AccessDecision, AccessModel, Governance } from '@meshwork/governance';
import type { FastifyBaseLogger } from 'fastify';
import { principalOf } from '../access/principal.js';
import { productResource } from '../access/product-resource.js';
import type { EventName } from '../events/cloud-event.js';
import type { EventRaiser } from '../events/event-bus.js';

const DAY_MS = 86_400_000;

/** The note of an automatic approval. */
export const AUTO_APPROVE_NOTE = 'auto-approved: internal data or lower';

/** What the access routes answer when the server has no governance: never allow without policies. */
export const ACCESS_NEEDS_GOVERNANCE =
  "access needs the mesh's governance; start the server with meshwork up (or createServer with governance)";

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  503: ErrorResponse,
} as const;

/** The access event names, logged at info; all but `access.rejected` are also change events (docs/events.md). */
export type AccessEvent = 'access.requested' | 'access.approved' | 'access.rejected' | 'access.revoked';

/**
 * Access requests and grants: ask for a product with a purpose (Cedar `request`), approve (Cedar `approve`)
 * or reject, revoke grants. Requests for data classified `internal` or lower that ask for no unmasked
 * columns are approved at once. Without the mesh's governance every route answers 503.
 */
export function accessRoutes(
  catalog: Catalog,
  governance?: Governance,
  events?: EventRaiser,
): FastifyPluginAsyncTypebox {
  const governed = (): Governance => {
    // The onRequest hook below answers 503 before any handler runs without governance.
    if (!governance) throw new Error(ACCESS_NEEDS_GOVERNANCE);
    return governance;
  };

  return async (app) => {
    if (!governance) {
      app.addHook('onRequest', async () => {
        throw new UnavailableError(ACCESS_NEEDS_GOVERNANCE);
      });
    }

    app.post(
      '/access/requests',
      {
        schema: {
          tags: ['access'],
          body: AccessRequestBody,
          response: { 201: AccessOutcomeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const g = governed();
        const { body, user } = request;
        if (body.purpose.trim().length < 10) {
          throw new InputError('purpose must say why the data is wanted, in at least 10 characters', {
            field: 'purpose',
          });
        }
        const expiresAt = expiryOf(body);
        const resource = await productResource(catalog, g.access, body.product);
        const columns = body.columns ?? [];
        checkColumns(columns, resource, user, g.access);
        if (body.consumerProduct !== undefined)
          await checkConsumer(catalog, g.access, body.consumerProduct, resource.domain, user);
        const principal = principalOf(user);
        const decision = g.access.authorize(principal, 'request', resource, { purpose: body.purpose });
        if (decision.decision === 'deny') throw new NotAllowedError(decision.summary, decisionDetails(decision));
        const auto = g.access.autoApproves(principal, resource, columns.length, body.purpose);
        const outcome = await createAccessRequest(catalog.db, {
          product: body.product,
          requester: { id: user.id, email: user.email, domain: user.domain },
          consumerProduct: body.consumerProduct ?? null,
          columns,
          purpose: body.purpose,
          expiresAt,
          requestId: request.id,
          ...(auto ? { autoApprove: { note: AUTO_APPROVE_NOTE } } : {}),
        });
        await emit(events, request.log, 'access.requested', outcome, { classification: resource.classification });
        if (outcome.grant) await emit(events, request.log, 'access.approved', outcome);
        return reply.status(201).send(outcomeJson(outcome));
      },
    );

    app.get(
      '/access/requests',
      { schema: { tags: ['access'], querystring: RequestListQuery, response: { 200: RequestList, ...errors } } },
      async (request) => {
        governed();
        const { status, product, mine, limit } = request.query;
        const scope = visible(governed().access, request.user, mine === true);
        const items = await listAccessRequests(catalog.db, {
          ...(status ? { status } : {}),
          ...(product ? { product } : {}),
          ...(scope.own ? { requester: request.user.email } : {}),
          ...(scope.involving ? { involving: scope.involving } : {}),
          limit: limit ?? 100,
        });
        return { items: items.map(requestJson) };
      },
    );

    for (const decision of ['approve', 'reject'] as const) {
      app.post(
        `/access/requests/:id/${decision}`,
        {
          schema: {
            tags: ['access'],
            params: RequestIdParams,
            body: DecisionBody,
            response: { 200: AccessOutcomeSchema, ...errors },
          },
          // The note is optional, and so is the body: `curl -X POST …/approve` works.
          preValidation: async (request) => {
            request.body ??= {};
          },
        },
        async (request) => {
          const g = governed();
          const { user } = request;
          const pending = await getAccessRequest(catalog.db, request.params.id);
          const resource = await productResource(catalog, g.access, pending.product);
          const who = `owners of ${resource.domain} (and admins, where the mesh's policies permit it) decide requests for its products`;
          const verdict = g.access.authorize(principalOf(user), decision, resource, { purpose: pending.purpose });
          if (verdict.decision === 'deny') {
            throw new NotAllowedError(`${verdict.summary}; ${who}`, {
              request: pending.id,
              product: pending.product,
              ...decisionDetails(verdict),
            });
          }
          const outcome = await decideAccessRequest(
            catalog.db,
            pending.id,
            decision,
            user.email,
            request.body.note ?? null,
            { requestId: request.id },
          );
          await emit(events, request.log, decision === 'approve' ? 'access.approved' : 'access.rejected', outcome);
          return outcomeJson(outcome);
        },
      );
    }

    app.get(
      '/access/grants',
      { schema: { tags: ['access'], querystring: GrantListQuery, response: { 200: GrantList, ...errors } } },
      async (request) => {
        governed();
        const { product, active, mine, limit } = request.query;
        const scope = visible(governed().access, request.user, mine === true);
        const items = await listGrants(catalog.db, {
          ...(product ? { product } : {}),
          ...(active ? { active: true } : {}),
          ...(scope.own ? { grantee: request.user.email } : {}),
          ...(scope.involving ? { involving: scope.involving } : {}),
          limit: limit ?? 100,
        });
        return { items: items.map(grantJson) };
      },
    );

    app.delete(
      '/access/grants/:id',
      { schema: { tags: ['access'], params: RequestIdParams, response: { 200: GrantSchema, ...errors } } },
      async (request) => {
        const g = governed();
        const { user } = request;
        const grant = await getGrant(catalog.db, request.params.id);
        const resource = await productResource(catalog, g.access, grant.product);
        g.access.require(
          principalOf(user),
          'revoke',
          resource,
          `${user.email} may not revoke grant ${grant.id} on ${grant.product}; owners of ${resource.domain}, the grantee (${grant.granteeEmail}) and admins may`,
          { own: user.email === grant.granteeEmail },
          { grant: grant.id, product: grant.product },
        );
        const revoked = await revokeGrant(catalog.db, grant.id, user.email, { requestId: request.id });
        await emit(events, request.log, 'access.revoked', { request: null, grant: revoked });
        return grantJson(revoked);
      },
    );
  };
}

/** When access ends: `expiresAt` in the future and within a year, or `expiresInDays`; exactly one of them. */
function expiryOf(body: { expiresAt?: string | undefined; expiresInDays?: number | undefined }): Date {
  if (body.expiresAt !== undefined && body.expiresInDays !== undefined) {
    throw new InputError('give expiresAt or expiresInDays, not both', { field: 'expiresInDays' });
  }
  if (body.expiresInDays !== undefined) return new Date(Date.now() + body.expiresInDays * DAY_MS);
  if (body.expiresAt === undefined) {
    throw new InputError(
      `say until when: expiresAt (an ISO date-time) or expiresInDays (1 to ${MAX_ACCESS_DAYS}) is required`,
      { field: 'expiresAt' },
    );
  }
  const at = new Date(body.expiresAt);
  if (Number.isNaN(at.getTime())) {
    throw new InputError(`expiresAt "${body.expiresAt}" is not an ISO date-time`, { field: 'expiresAt' });
  }
  if (at.getTime() <= Date.now()) {
    throw new InputError(`expiresAt ${body.expiresAt} is in the past; access must end in the future`, {
      field: 'expiresAt',
    });
  }
  if (at.getTime() > Date.now() + MAX_ACCESS_DAYS * DAY_MS) {
    throw new InputError(
      `expiresAt ${body.expiresAt} is more than ${MAX_ACCESS_DAYS} days ahead; ask for at most a year and renew`,
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

/**
 * Whose requests and grants a user sees: the access model's scope (by default admins and the governance
 * group all, owners their own and their domain's products', everyone else their own); `mine` narrows
 * anyone to their own.
 */
function visible(
  access: AccessModel,
  user: User,
  mine: boolean,
): { own: boolean; involving?: { readonly email: string; readonly domain: string | null } } {
  if (mine) return { own: true };
  const scope = access.accessScope(principalOf(user));
  if (scope.kind === 'all') return { own: false };
  if (scope.kind === 'domain') return { own: false, involving: { email: scope.email, domain: scope.domain } };
  return { own: true };
}

function decisionDetails(decision: AccessDecision): Record<string, unknown> {
  return { decision: decision.decision, reasons: [...decision.reasons], errors: [...decision.errors] };
}

/** The change event of an access event (`access.approved` is `access.granted`; a rejection raises none). */
const CHANGE_EVENTS: Record<AccessEvent, EventName | undefined> = {
  'access.requested': 'access.requested',
  'access.approved': 'access.granted',
  'access.rejected': undefined,
  'access.revoked': 'access.revoked',
};

/**
 * Raises an access event: logged at info as `{ event, request, product, ... }`, and raised on the event bus
 * as `access.requested`, `access.granted` or `access.revoked` (docs/events.md).
 */
async function emit(
  events: EventRaiser | undefined,
  log: FastifyBaseLogger,
  event: AccessEvent,
  outcome: { request: AccessRequest | null; grant: Grant | null },
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { request, grant } = outcome;
  log.info(
    {
      event,
      accessRequest: request?.id ?? grant?.requestId,
      product: request?.product ?? grant?.product,
      requester: request?.requesterEmail ?? grant?.granteeEmail,
      ...(request ? { status: request.status, decidedBy: request.decidedBy, columns: request.columns } : {}),
      ...(grant ? { grant: grant.id, expiresAt: grant.expiresAt.toISOString() } : {}),
      ...(grant?.revokedBy ? { revokedBy: grant.revokedBy } : {}),
      ...extra,
    },
    event,
  );
  const name = CHANGE_EVENTS[event];
  const product = request?.product ?? grant?.product;
  if (!events || !name || product === undefined) return;
  await events.raise({
    name,
    subject: product,
    domain: product.split('.')[0] ?? null,
    actor: request?.requesterEmail ?? grant?.granteeEmail ?? null,
    data: {
      product,
      accessRequest: request?.id ?? grant?.requestId ?? null,
      requester: request?.requesterEmail ?? grant?.granteeEmail ?? null,
      ...(request ? { status: request.status, purpose: request.purpose, columns: [...request.columns] } : {}),
      ...(grant ? { grant: grant.id, expiresAt: grant.expiresAt.toISOString() } : {}),
      ...(grant?.revokedBy ? { revokedBy: grant.revokedBy } : {}),
      ...extra,
    },
  });
}

function requestJson(r: AccessRequest) {
  return {
    id: r.id,
    product: r.product,
    requesterEmail: r.requesterEmail,
    requesterDomain: r.requesterDomain,
    consumerProduct: r.consumerProduct,
    columns: [...r.columns],
    purpose: r.purpose,
    expiresAt: r.expiresAt.toISOString(),
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
  };
}

function grantJson(g: Grant) {
  return {
    id: g.id,
    requestId: g.requestId,
    product: g.product,
    granteeEmail: g.granteeEmail,
    granteeDomain: g.granteeDomain,
    columns: [...g.columns],
    purpose: g.purpose,
    createdAt: g.createdAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    revokedAt: g.revokedAt?.toISOString() ?? null,
    revokedBy: g.revokedBy,
    active: g.revokedAt === null && g.expiresAt.getTime() > Date.now(),
  };
}

function outcomeJson(outcome: AccessOutcome) {
  return { request: requestJson(outcome.request), grant: outcome.grant ? grantJson(outcome.grant) : null };
}
