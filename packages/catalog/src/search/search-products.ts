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
  const filters = [
    request.domain ? sql`domain = ${request.domain}` : undefined,
    request.status ? sql`status = ${request.status}` : undefined,
    request.tag ? sql`tags ? ${request.tag}` : undefined,
    request.classification ? sql`classifications ? ${request.classification}` : undefined,
  ].filter((f) => f !== undefined);
  const where = filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  // One index scan feeds the count and every facet: the matches are materialised once.
  const summary = sql<{ total: string; domain: unknown; status: unknown; tag: unknown; classification: unknown }>`
    with m as materialized (
      select domain, status, tags, classifications from products where document @@ ${tsquery}
    )
    select
      (select count(*) from m ${where}) as total,
      (select coalesce(jsonb_object_agg(v, n), '{}') from (select domain as v, count(*) as n from m group by domain) x) as domain,
      (select coalesce(jsonb_object_agg(v, n), '{}') from (select status as v, count(*) as n from m group by status) x) as status,
      (select coalesce(jsonb_object_agg(v, n), '{}') from (select v, count(*) as n from m, jsonb_array_elements_text(m.tags) as v group by v) x) as tag,
      (select coalesce(jsonb_object_agg(v, n), '{}') from (select v, count(*) as n from m, jsonb_array_elements_text(m.classifications) as v group by v) x) as classification`;
  const [items, facets] = await Promise.all([
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
    summary.execute(db),
  ]);
  const row = facets.rows[0];
  const object = (value: unknown) => {
    const parsed = (typeof value === 'string' ? JSON.parse(value) : (value ?? {})) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Number(v)]));
  };
  return {
    total: Number(row?.total ?? 0),
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
      domain: object(row?.domain),
      status: object(row?.status),
      tag: object(row?.tag),
      classification: object(row?.classification),
    },
  };
}
