import { randomBytes } from 'node:crypto';
import { type Catalog, openCatalog, searchProducts } from '@meshwork/catalog';
import { sql } from 'kysely';
import pg from 'pg';
import type { Benchmark, BenchResult } from './lib/bench-result.js';
import { percentile } from './lib/percentiles.js';

const PRODUCTS = 100_000;
const QUERIES = 300;
const WORDS = [
  'customer',
  'invoice',
  'shipment',
  'revenue',
  'campaign',
  'session',
  'attribution',
  'order',
  'payment',
  'refund',
  'carrier',
  'delivery',
  'warehouse',
  'inventory',
  'supplier',
  'channel',
  'forecast',
  'churn',
  'ledger',
  'budget',
];
const DOMAINS = ['marketing', 'finance', 'logistics', 'sales', 'support', 'product', 'hr', 'risk'];

/** Fills the catalog with PRODUCTS generated products in one SQL statement (documents built by PostgreSQL). */
async function fill(catalog: Catalog): Promise<void> {
  for (const domain of DOMAINS) {
    await catalog.db
      .insertInto('domains')
      .values({ name: domain, description: domain, isolation: 'schema', spec: '{}' })
      .onConflict((c) => c.doNothing())
      .execute();
  }
  const words = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
  const domains = `array[${DOMAINS.map((d) => `'${d}'`).join(',')}]`;
  await sql`insert into products (address, domain, name, description, status, latest_version, document, tags, classifications, owner)
    select d || '.p' || i, d, initcap(w1) || ' ' || w2 || ' ' || i, 'The ' || w1 || ' and ' || w2 || ' data of domain ' || d,
      case when i % 10 = 0 then 'draft' else 'active' end, '1.0.0',
      setweight(to_tsvector('english', d || ' p' || i || ' ' || w1 || ' ' || w2), 'A') ||
      setweight(to_tsvector('english', w3 || ' ' || w1 || ' analytics'), 'B') ||
      setweight(to_tsvector('english', w2 || ' id amount created at ' || w3), 'C'),
      jsonb_build_array(w3), case when i % 3 = 0 then '["pii"]'::jsonb else '["internal"]'::jsonb end, 'owner@example.com'
    from (select i, (${sql.raw(domains)})[1 + i % ${sql.raw(String(DOMAINS.length))}] as d,
      (${sql.raw(words)})[1 + (i * 7) % ${sql.raw(String(WORDS.length))}] as w1,
      (${sql.raw(words)})[1 + (i * 13) % ${sql.raw(String(WORDS.length))}] as w2,
      (${sql.raw(words)})[1 + (i * 17) % ${sql.raw(String(WORDS.length))}] as w3
      from generate_series(1, ${sql.raw(String(PRODUCTS))}) as i) as g`.execute(catalog.db);
  await sql`analyze products`.execute(catalog.db);
}

async function measure(catalog: Catalog): Promise<{ p50: number; p95: number; p99: number; hits: number }> {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < QUERIES; i++) {
    // Search-as-you-type: a prefix of 3 to 6 letters of a word, sometimes with a second word or a facet.
    const word = WORDS[i % WORDS.length] as string;
    const q = `${word.slice(0, 3 + (i % 4))}${i % 5 === 0 ? ` ${WORDS[(i * 3) % WORDS.length]}` : ''}`;
    const started = performance.now();
    const result = await searchProducts(catalog.db, { q, limit: 20, ...(i % 7 === 0 ? { domain: 'finance' } : {}) });
    times.push(performance.now() - started);
    hits += result.total;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), hits: hits / QUERIES };
}

export const benchmark: Benchmark = {
  name: 'catalog-search',
  description: `search-as-you-type p50/p95 over ${PRODUCTS.toLocaleString('en-US')} products on PGlite and on PostgreSQL`,
  async run(): Promise<BenchResult> {
    const figures: BenchResult['figures'] = {};
    const ratios: Record<string, number> = {};
    const pglite = await openCatalog();
    try {
      await fill(pglite);
      const r = await measure(pglite);
      Object.assign(figures, {
        pglite_p50: { value: r.p50, unit: 'ms' },
        pglite_p95: { value: r.p95, unit: 'ms' },
        pglite_p99: { value: r.p99, unit: 'ms' },
        mean_matches: { value: r.hits, unit: 'products' },
      });
    } finally {
      await pglite.close();
    }
    const url = process.env.MESHWORK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `meshwork_bench_${randomBytes(4).toString('hex')}`;
    const postgres = await openCatalog({ databaseUrl: url, schema });
    try {
      await fill(postgres);
      const r = await measure(postgres);
      Object.assign(figures, {
        postgres_p50: { value: r.p50, unit: 'ms' },
        postgres_p95: { value: r.p95, unit: 'ms' },
        postgres_p99: { value: r.p99, unit: 'ms' },
      });
      ratios.pglite_p95_vs_postgres_p95 = (figures.pglite_p95?.value ?? 0) / r.p95;
    } finally {
      await postgres.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    }
    return {
      name: 'catalog-search',
      figures,
      ratios,
      notes: [
        'goal: p95 < 50 ms on both stores',
        'each query returns 20 hits plus domain, status, tag and classification facets over all matches',
      ],
    };
  },
};
