import type { StoredEvent, User } from '@meshwork/catalog';
import type { AccessModel } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';

/**
 * Which events a user may see, decided once per stream by the access model: every event (Cedar
 * `viewAllEvents`; by default admins and the governance group), those about their domain's products
 * (`viewDomainEvents`; by default everyone in the domain), and always those they caused themselves.
 */
export function eventFilterFor(access: AccessModel, user: User): (event: StoredEvent) => boolean {
  const principal = principalOf(user);
  if (access.authorizeMesh(principal, 'viewAllEvents').decision === 'allow') return () => true;
  const domain =
    user.domain !== null && access.authorizeDomain(principal, 'viewDomainEvents', user.domain).decision === 'allow'
      ? user.domain
      : undefined;
  return (event) =>
    (domain !== undefined && event.domain === domain) || (event.actor !== null && event.actor === user.email);
}
