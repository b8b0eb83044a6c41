import type { AccessOutcome, AccessRequest, Grant } from '@meshwork/api';
import type {
  Grant as StoredGrant,
  AccessOutcome as StoredOutcome,
  AccessRequest as StoredRequest,
} from '@meshwork/catalog';

/** An access request as the API and the MCP tools answer it: dates as ISO strings. */
export function requestJson(r: StoredRequest): AccessRequest {
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

/** A grant as the API and the MCP tools answer it, with whether it is active now. */
export function grantJson(g: StoredGrant): Grant {
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

/** A request and the grant it led to, if any. */
export function outcomeJson(outcome: StoredOutcome): AccessOutcome {
  return { request: requestJson(outcome.request), grant: outcome.grant ? grantJson(outcome.grant) : null };
}
