import { type SearchResult, searchProducts, type User } from '@meshwork/catalog';
import type { ServiceDeps } from './service-deps.js';

/** What to search for: words, facets to narrow by, and how many hits at most. */
export interface SearchInput {
  readonly q: string;
  readonly limit: number;
  readonly domain?: string | undefined;
  readonly tag?: string | undefined;
  readonly status?: string | undefined;
  readonly classification?: string | undefined;
}

/**
 * Full-text search over the catalog's products (names, tags, purposes, columns, docs), best first, with
 * facet counts over all matches. Listing is open to every signed-in user; reading data is governed.
 */
export async function searchCatalog(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: SearchInput,
): Promise<SearchResult> {
  return searchProducts(deps.catalog.db, {
    q: input.q,
    limit: input.limit,
    ...(input.domain ? { domain: input.domain } : {}),
    ...(input.tag ? { tag: input.tag } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.classification ? { classification: input.classification } : {}),
  });
}
