import { type Catalog, productsOfDatasets, type User } from '@meshwork/catalog';
import type { AccessModel, AccessScope } from '@meshwork/governance';
import { principalOf } from './principal.js';
import { publishTarget } from './publish-access.js';

/**
 * Refuses (403) a lineage event whose outputs its poster may not assert (the route checks Cedar
 * `postLineage` first): for every output that is a product, asserting how it is made (Cedar `writeLineage`: by default the
 * product's own domain, the governance group and admins). Inputs are not checked: reading a product into
 * something of one's own is the reader's lineage to tell.
 */
export async function authorizeLineage(
  catalog: Catalog,
  access: AccessModel,
  user: User,
  outputs: readonly { readonly namespace: string; readonly name: string }[],
): Promise<void> {
  const principal = principalOf(user);
  for (const address of await productsOfDatasets(catalog.db, outputs)) {
    const target = await publishTarget(catalog, access, address);
    access.require(
      principal,
      'writeLineage',
      target,
      `${user.email} may not assert lineage for ${address}: only ${target.domain}'s owners and members (and the governance group and admins) say how its outputs are made`,
      {},
      { product: address },
    );
  }
}

/** Whether a consumer (grant holder) of a product is within `scope`: the same scoping as GET /access/grants. */
export function inAccessScope(
  scope: AccessScope,
  consumer: { readonly email: string; readonly product: string },
): boolean {
  if (scope.kind === 'all' || consumer.email === scope.email) return true;
  return scope.kind === 'domain' && consumer.product.split('.')[0] === scope.domain;
}
