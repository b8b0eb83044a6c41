import { randomBytes } from 'node:crypto';
import {
  type Catalog,
  createAccessRequest,
  ensureUser,
  openCatalog,
  productImpact,
  upsertDomain,
} from '@meshwork/catalog';
import { sql } from 'kysely';
import pg from 'pg';
import type { Benchmark, Figure } from './lib/bench-result.js';
import { percentile } from './lib/percentiles.js';

/** Products (one dataset and one build job each), in groups of GROUP that read only within their group. */
const PRODUCTS = 26_000;
const GROUP = 260;
const INPUTS_PER_JOB = 3;
const GRANTS = 200;
const RUNS = 300;
const WARM_UP = 20;

/**
 * The graph: product i (not a group root) is built by job i from up to three earlier products of its group,
 * so a product's downstream is up to a group (260 products); one COMPLETE run per job with the same inputs
 * and outputs; 200 active grants. Written in bulk SQL (the same statements on both stores).
 */
async function fill(catalog: Catalog): Promise<number> {
  const db = catalog.db;
  await upsertDomain(db, { name: 'bench', description: 'Generated.', isolation: 'schema', spec: {} });
  const n = PRODUCTS - 1;
  await sql`insert into products (address, domain, name, description, status)
    select 'bench.p' || i, 'bench', 'p' || i, 'Generated.', 'active' from generate_series(0, ${n}::int) i`.execute(db);
  await sql`insert into lineage_datasets (namespace, name, product, facets, updated_at)
    select 'meshwork://bench', 'bench.p' || i, 'bench.p' || i, '{}', now() from generate_series(0, ${n}::int) i`.execute(
    db,
  );
  await sql`insert into lineage_jobs (namespace, name, facets, updated_at)
    select 'meshwork://bench', 'build.bench.p' || i, '{}', now()
    from generate_series(0, ${n}::int) i where i % ${GROUP}::int <> 0`.execute(db);
  await sql`insert into lineage_job_io (job_id, dataset_id, direction)
    select j.id, d.id, 'output' from generate_series(0, ${n}::int) i
    join lineage_jobs j on j.namespace = 'meshwork://bench' and j.name = 'build.bench.p' || i
    join lineage_datasets d on d.namespace = 'meshwork://bench' and d.name = 'bench.p' || i`.execute(db);
  await sql`insert into lineage_job_io (job_id, dataset_id, direction)
    select j.id, d.id, 'input' from generate_series(0, ${n}::int) i
    cross join generate_series(1, ${INPUTS_PER_JOB}::int) k
    join lineage_jobs j on j.namespace = 'meshwork://bench' and j.name = 'build.bench.p' || i
    join lineage_datasets d on d.namespace = 'meshwork://bench'
      and d.name = 'bench.p' || ((i / ${GROUP}::int) * ${GROUP}::int + ((i * 7919 + k * 104729) % (i % ${GROUP}::int)))
    on conflict do nothing`.execute(db);
  await sql`insert into lineage_runs (run_id, job_id, state, started_at, ended_at, facets, updated_at)
    select 'run-' || id, id, 'COMPLETE', now(), now(), '{}', now() from lineage_jobs`.execute(db);
  await sql`insert into lineage_run_io (run_id, dataset_id, direction, facets)
    select 'run-' || job_id, dataset_id, direction, '{}' from lineage_job_io`.execute(db);
  const user = await ensureUser(db, { name: 'Reader', email: 'reader@bench.example', role: 'consumer' });
  for (let i = 0; i < GRANTS; i++) {
    await createAccessRequest(db, {
      product: `bench.p${(i * 131) % PRODUCTS}`,
      requester: { id: user.id, email: user.email, domain: null },
      purpose: 'Generated grant for the benchmark.',
      expiresAt: new Date(Date.now() + 86_400_000),
      autoApprove: { note: 'bench' },
    });
  }
  await sql`analyze`.execute(db);
  const edges = await db
    .selectFrom('lineage_job_io')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(edges.n);
}

/** p50 and p95 of impact queries on products chosen by a fixed sequence, and of primary-key lookups. */
async function measure(catalog: Catalog) {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % PRODUCTS;
  };
  const impact: number[] = [];
  const lookup: number[] = [];
  let reached = 0;
  let most = 0;
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const product = next();
    let start = performance.now();
    const result = await productImpact(catalog.db, `bench.p${product}`);
    const impactMs = performance.now() - start;
    start = performance.now();
    await catalog.db
      .selectFrom('lineage_datasets')
      .selectAll()
      .where('id', '=', String(product + 1))
      .executeTakeFirst();
    const lookupMs = performance.now() - start;
    if (i < WARM_UP) continue;
    impact.push(impactMs);
    lookup.push(lookupMs);
    reached += result.products.length;
    most = Math.max(most, result.products.length);
  }
  // The widest impact: a group root, upstream of most of its group.
  const root: number[] = [];
  let rootReached = 0;
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    rootReached = (await productImpact(catalog.db, 'bench.p0')).products.length;
    if (i > 0) root.push(performance.now() - start);
  }
  return {
    impactP50: percentile(impact, 50),
    impactP95: percentile(impact, 95),
    lookupP50: percentile(lookup, 50),
    lookupP95: percentile(lookup, 95),
    meanReached: reached / RUNS,
    mostReached: most,
    rootP50: percentile(root, 50),
    rootReached,
  };
}

export const benchmark: Benchmark = {
  name: 'lineage-impact',
  description: `GET …/impact (recursive CTE + grants) on a generated graph of ~100k job↔dataset edges vs a primary-key lookup, PGlite and PostgreSQL`,
  async run() {
    const figures: Record<string, Figure> = {};
    const ratios: Record<string, number> = {};
    const notes = [
      'goal: impact_p95_ms < 100 on PGlite',
      `${PRODUCTS} products (one dataset and one build job each) in groups of ${GROUP}; each job reads up to ${INPUTS_PER_JOB} earlier products of its group; one COMPLETE run per job with its inputs and outputs; ${GRANTS} active grants`,
      'impact = productImpact(): the recursive CTE over job↔dataset edges, the downstream products, and one grants query; no column lineage in the generated graph',
      'baseline: a single-row primary-key lookup on lineage_datasets, same store, same run',
    ];
    const pglite = await openCatalog();
    try {
      const edges = await fill(pglite);
      const r = await measure(pglite);
      Object.assign(figures, {
        edges: { value: edges, unit: 'job↔dataset edges' },
        impact_p50_ms: { value: r.impactP50, unit: 'ms' },
        impact_p95_ms: { value: r.impactP95, unit: 'ms' },
        pk_lookup_p50_ms: { value: r.lookupP50, unit: 'ms' },
        pk_lookup_p95_ms: { value: r.lookupP95, unit: 'ms' },
        mean_downstream_products: { value: r.meanReached, unit: 'products' },
        max_downstream_products: { value: r.mostReached, unit: 'products' },
        group_root_impact_p50_ms: { value: r.rootP50, unit: 'ms' },
        group_root_downstream_products: { value: r.rootReached, unit: 'products' },
      });
      ratios.impact_p95_vs_pk_lookup_p95 = r.impactP95 / r.lookupP95;
    } finally {
      await pglite.close();
    }
    const url = process.env.MESHWORK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `meshwork_bench_${randomBytes(4).toString('hex')}`;
    let postgres: Catalog | undefined;
    try {
      postgres = await openCatalog({ databaseUrl: url, schema });
    } catch {
      notes.push(`PostgreSQL not reachable at ${url}: measured on PGlite only`);
    }
    if (postgres) {
      try {
        await fill(postgres);
        const r = await measure(postgres);
        Object.assign(figures, {
          postgres_impact_p50_ms: { value: r.impactP50, unit: 'ms' },
          postgres_impact_p95_ms: { value: r.impactP95, unit: 'ms' },
          postgres_pk_lookup_p50_ms: { value: r.lookupP50, unit: 'ms' },
          postgres_pk_lookup_p95_ms: { value: r.lookupP95, unit: 'ms' },
          postgres_group_root_impact_p50_ms: { value: r.rootP50, unit: 'ms' },
        });
        ratios.postgres_impact_p95_vs_pk_lookup_p95 = r.impactP95 / r.lookupP95;
      } finally {
        await postgres.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
    }
    return { name: 'lineage-impact', figures, ratios, notes };
  },
};
