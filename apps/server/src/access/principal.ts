import type { User } from '@meshwork/catalog';
import type { AccessPrincipal } from '@meshwork/governance';

/** The Cedar principal of a user: their e-mail, domain (if any), role and clearance. */
export function principalOf(user: User): AccessPrincipal {
  return {
    email: user.email,
    domain: user.domain ?? undefined,
    roles: [user.role],
    clearance: user.clearance,
  };
}
