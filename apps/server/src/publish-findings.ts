import { type Catalog, domainSpecOf } from '@meshwork/catalog';
import type { Diagnostic, DomainSpec, LoadedContract, LoadedSpec, ProductSpec } from '@meshwork/core';
import { evaluateRules, type Governance, productSubjects } from '@meshwork/governance';

/** What a publish is judged on. */
export interface PublishedProduct {
  readonly address: string;
  readonly domain: string;
  readonly loaded: LoadedSpec<ProductSpec>;
  readonly contracts: readonly LoadedContract[];
  readonly files: readonly string[];
}

/**
 * Re-evaluates the rules in force for the product's domain on what is being published, with the domain's
 * descriptor as the catalog holds it. The server does not trust the publisher's checkout: the rules come
 * from the governance the server was started with.
 */
export async function publishFindings(
  catalog: Catalog,
  governance: Governance,
  product: PublishedProduct,
): Promise<Diagnostic[]> {
  const domain = (await domainSpecOf(catalog.db, product.domain)) as DomainSpec | undefined;
  const subjects = productSubjects({ ...product, domain }, governance.facts);
  return evaluateRules(governance.rules.forDomain(product.domain), subjects);
}
