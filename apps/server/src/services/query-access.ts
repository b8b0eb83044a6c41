import { type ActiveGrant, activeGrantsOf, type User } from '@meshwork/catalog';
import type { AccessDecision, ColumnMasking } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';
import { productResource } from '../access/product-resource.js';
import type { ServiceDeps } from './service-deps.js';

/** What the access model says about a caller reading one product's rows. */
export interface QueryAccess {
  /** The product as a Cedar resource, with its classified columns. */
  readonly resource: Awaited<ReturnType<typeof productResource>>;
  /** Cedar's `query` decision, with the caller's grant of the product (purpose) in the context. */
  readonly decision: AccessDecision;
  /** How each classified column is masked for the caller: their clearance, with the columns their grants add. */
  readonly masks: ReadonlyMap<string, ColumnMasking>;
}

/**
 * The one question every read path asks before it reads a product's rows, the SQL gateway for each product
 * of a query and the Iceberg catalog before it hands out raw files: may the caller query it, and which
 * columns would they see masked. Any active grant of the product allows; the access model adds up the
 * columns of all of them for masking. Pass `grants` when several products are checked for one request.
 *
 * @throws NotFoundError when the catalog lacks the product.
 */
export async function queryAccess(
  deps: Pick<ServiceDeps, 'catalog' | 'access'>,
  user: User,
  address: string,
  grants?: readonly ActiveGrant[],
): Promise<QueryAccess> {
  const active = grants ?? (await activeGrantsOf(deps.catalog.db, user.email));
  const resource = await productResource(deps.catalog, deps.access, address);
  const principal = principalOf(user);
  const grant = active.find((g) => g.product === address);
  const decision = deps.access.authorize(principal, 'query', resource, {
    purpose: grant?.purpose ?? '',
    hasGrant: grant !== undefined,
  });
  const masks = deps.access.columnMasks(principal, address, resource.columns, active);
  return { resource, decision, masks };
}
