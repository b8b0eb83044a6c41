import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../schema.js';
import { prefixQuery } from './search-document.js';

/** A search request: free text plus facet filters. */
export interface SearchRequest {
  readonly q: string;
  readonly domain?: string;
  readonly tag?: string;
  readonly status?: string;
  readonly classification?: string;
  readonly limit?: number;
}

/** One hit, best first. */
export interface SearchHit {
  readonly address: string;
  readonly name: string;
  readonly description: string;
  readonly domain: string;
  readonly status: string;
  readonly tags: string[];
  readonly rank: number;
}

/** Hits and, over all matches (before facet filters), how many fall in each facet value. */
export interface SearchResult {
  readonly total: number;
  readonly items: SearchHit[];
  readonly facets: {
    readonly domain: Record<string, number>;
    readonly tag: Record<string, number>;
    readonly status: Record<string, number>;
    readonly classification: Record<string, number>;
  };
}

/**
 * Full-text search with PostgreSQL ranking (names weigh most, then tags and purpose, then columns, then
 * docs), prefix matching for search-as-you-type, and facets. The same SQL runs on PGlite and PostgreSQL.
 */
export async function searchProducts(db: Kysely<CatalogDatabase>, request: SearchRequest): Promise<SearchResult> {
  const query = prefixQuery(request.q);
  const empty = { total: 0, items: [], facets: { domain: {}, tag: {}, status: {}, classification: {} } };
  if (!query) return empty;
  const tsquery = sql`to_tsquery('english', ${query})`;
  const matches = db.selectFrom('products').where(sql<boolean>`document @@ ${tsquery}`);
  let filtered = matches;
  if (request.domain) filtered = filtered.where('domain', '=', request.domain);
  if (request.status) filtered = filtered.where('status', '=', request.status);
  if (request.tag) filtered = filtered.where(sql<boolean>`tags ? ${request.tag}`);
  if (request.classification) filtered = filtered.where(sql<boolean>`classifications ? ${request.classification}`);
  const [items, total, byDomain, byStatus, byTag, byClass] = await Promise.all([
    filtered
      .select([
        'address',
        'name',
        'description',
        'domain',
        'status',
        'tags',
        sql<number>`ts_rank(document, ${tsquery})`.as('rank'),
      ])
      .orderBy('rank', 'desc')
      .orderBy('address')
      .limit(request.limit ?? 20)
      .execute(),
    filtered.select(sql<string>`count(*)`.as('n')).executeTakeFirst(),
    matches
      .select(['domain as value', sql<string>`count(*)`.as('n')])
      .groupBy('domain')
      .execute(),
    matches
      .select(['status as value', sql<string>`count(*)`.as('n')])
      .groupBy('status')
      .execute(),
    sql<{
      value: string;
      n: string;
    }>`select value, count(*) as n from products, jsonb_array_elements_text(products.tags) as value
      where document @@ ${tsquery} group by value`.execute(db),
    sql<{
      value: string;
      n: string;
    }>`select value, count(*) as n from products, jsonb_array_elements_text(products.classifications) as value
      where document @@ ${tsquery} group by value`.execute(db),
  ]);
  const grouped = (rows: { value: string; n: string }[]) => Object.fromEntries(rows.map((r) => [r.value, Number(r.n)]));
  return {
    total: Number(total?.n ?? 0),
    items: items.map((r) => ({
      address: r.address,
      name: r.name,
      description: r.description,
      domain: r.domain,
      status: r.status,
      tags: (typeof r.tags === 'string' ? JSON.parse(r.tags) : r.tags) as string[],
      rank: Number(r.rank),
    })),
    facets: {
      domain: grouped(byDomain),
      status: grouped(byStatus),
      tag: grouped(byTag.rows),
      classification: grouped(byClass.rows),
    },
  };
}
