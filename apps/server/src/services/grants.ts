import {
  type ActiveGrant,
  activeGrantsOf,
  type Grant,
  getGrant,
  listGrants,
  revokeGrant,
  type User,
} from '@meshwork/catalog';
import { principalOf } from '../access/principal.js';
import { productResource } from '../access/product-resource.js';
import { emitAccessEvent } from './access-events.js';
import { governedAccess, visibleScope } from './access-scope.js';
import type { ServiceDeps } from './service-deps.js';

type GrantDeps = Pick<ServiceDeps, 'catalog' | 'governance' | 'events' | 'log'>;

/** Which grants to list; `mine` narrows to the caller's own, `active` to those in force now. */
export interface GrantFilter {
  readonly product?: string | undefined;
  readonly active?: boolean | undefined;
  readonly mine?: boolean | undefined;
  readonly limit: number;
}

/** The grants the caller may see (the access model's scope), newest first. */
export async function accessGrants(deps: GrantDeps, user: User, input: GrantFilter): Promise<Grant[]> {
  const scope = visibleScope(governedAccess(deps), user, input.mine === true);
  return listGrants(deps.catalog.db, {
    ...(input.product ? { product: input.product } : {}),
    ...(input.active ? { active: true } : {}),
    ...(scope.own ? { grantee: user.email } : {}),
    ...(scope.involving ? { involving: scope.involving } : {}),
    limit: input.limit,
  });
}

/**
 * Revokes a grant (Cedar `revoke`; `own` tells the policies the caller is the grantee): audited in the same
 * transaction; raises `access.revoked`.
 */
export async function revokeAccessGrant(
  deps: GrantDeps,
  user: User,
  input: { readonly id: string; readonly requestId: string },
): Promise<Grant> {
  const access = governedAccess(deps);
  const grant = await getGrant(deps.catalog.db, input.id);
  const resource = await productResource(deps.catalog, access, grant.product);
  access.require(
    principalOf(user),
    'revoke',
    resource,
    `${user.email} may not revoke grant ${grant.id} on ${grant.product}; owners of ${resource.domain}, the grantee (${grant.granteeEmail}) and admins may`,
    { own: user.email === grant.granteeEmail },
    { grant: grant.id, product: grant.product },
  );
  const revoked = await revokeGrant(deps.catalog.db, grant.id, user.email, { requestId: input.requestId });
  await emitAccessEvent(deps, input.requestId, 'access.revoked', { request: null, grant: revoked });
  return revoked;
}

/**
 * The caller's grants in force now (neither revoked nor expired), optionally of one product: what Delta
 * Sharing derives shares from (and withdraws files by) and what unmasks columns for them. Only the user's
 * e-mail matters, so a signed file's recipient can be checked without loading the user.
 */
export async function activeGrants(
  deps: Pick<ServiceDeps, 'catalog'>,
  user: Pick<User, 'email'>,
  input: { readonly product?: string | undefined } = {},
): Promise<ActiveGrant[]> {
  const grants = await activeGrantsOf(deps.catalog.db, user.email);
  return input.product === undefined ? grants : grants.filter((g) => g.product === input.product);
}

/**
 * Whether the gateway would mask a column of a product for the caller: the access model's masking with
 * their active grants on it. Without the mesh's governance nothing is known, and nothing is said masked.
 */
export async function columnMasking(
  deps: Pick<ServiceDeps, 'catalog' | 'governance'>,
  user: User,
  input: { readonly product: string },
): Promise<(column: { name: string; classification: string | null }) => boolean> {
  const access = deps.governance?.access;
  if (!access) return () => false;
  const principal = principalOf(user);
  const granted = (await activeGrants(deps, user, input)).flatMap((g) => g.columns);
  return ({ name, classification }) => access.maskFor(principal, { name, classification }, granted) !== 'none';
}
