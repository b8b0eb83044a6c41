import type { AccessRequest, Grant } from '@meshwork/catalog';
import type { EventName } from '../events/cloud-event.js';
import type { ServiceDeps } from './service-deps.js';

/** The access event names, logged at info; all but `access.rejected` are also change events (docs/events.md). */
export type AccessEvent = 'access.requested' | 'access.approved' | 'access.rejected' | 'access.revoked';

/** The change event of an access event (`access.approved` is `access.granted`; a rejection raises none). */
const CHANGE_EVENTS: Record<AccessEvent, EventName | undefined> = {
  'access.requested': 'access.requested',
  'access.approved': 'access.granted',
  'access.rejected': undefined,
  'access.revoked': 'access.revoked',
};

/**
 * Raises an access event: logged at info as `{ event, request, product, ... }` with the request id of the
 * call, and raised on the event bus as `access.requested`, `access.granted` or `access.revoked`
 * (docs/events.md).
 */
export async function emitAccessEvent(
  deps: Pick<ServiceDeps, 'events' | 'log'>,
  requestId: string,
  event: AccessEvent,
  outcome: { request: AccessRequest | null; grant: Grant | null },
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { request, grant } = outcome;
  deps.log.child({ reqId: requestId }).info(
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
  if (!deps.events || !name || product === undefined) return;
  await deps.events.raise({
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
