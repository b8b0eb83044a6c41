import { domainSpecOf, type User } from '@meshwork/catalog';
import { allProducts } from './products.js';
import type { ServiceDeps } from './service-deps.js';

/** A domain of the catalog: its name, how many products it has, and its descriptor (null when not stored). */
export interface DomainSummary {
  readonly name: string;
  readonly products: number;
  readonly spec: unknown;
}

/** The domains that own products in the catalog, by name, with their descriptors. */
export async function domainSummaries(deps: Pick<ServiceDeps, 'catalog'>, _user: User): Promise<DomainSummary[]> {
  const counts = new Map<string, number>();
  for (const p of await allProducts(deps.catalog)) counts.set(p.domain, (counts.get(p.domain) ?? 0) + 1);
  const items: DomainSummary[] = [];
  for (const [name, products] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    items.push({ name, products, spec: (await domainSpecOf(deps.catalog.db, name)) ?? null });
  }
  return items;
}
