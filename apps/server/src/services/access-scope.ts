import type { User } from '@meshwork/catalog';
import { UnavailableError } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';
import type { ServiceDeps } from './service-deps.js';

/** What access requests and grants answer when the server has no governance: never allow without policies. */
export const ACCESS_NEEDS_GOVERNANCE =
  "access needs the mesh's governance; start the server with meshwork up (or createServer with governance)";

/** The mesh's access model for access requests and grants; UnavailableError (503) without governance. */
export function governedAccess(deps: Pick<ServiceDeps, 'governance'>): AccessModel {
  if (!deps.governance) throw new UnavailableError(ACCESS_NEEDS_GOVERNANCE);
  return deps.governance.access;
}

/** Whose requests and grants a listing shows: the caller's own, those involving a domain, or all. */
export interface VisibleScope {
  readonly own: boolean;
  readonly involving?: { readonly email: string; readonly domain: string | null };
}

/**
 * Whose requests and grants a user sees: the access model's scope (by default admins and the governance
 * group all, owners their own and their domain's products', everyone else their own); `mine` narrows
 * anyone to their own.
 */
export function visibleScope(access: AccessModel, user: User, mine: boolean): VisibleScope {
  if (mine) return { own: true };
  const scope = access.accessScope(principalOf(user));
  if (scope.kind === 'all') return { own: false };
  if (scope.kind === 'domain') return { own: false, involving: { email: scope.email, domain: scope.domain } };
  return { own: true };
}
