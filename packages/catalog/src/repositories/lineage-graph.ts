import { InputError, NotFoundError } from '@meshwork/core';
import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../schema.js';
import { listGrants } from './access.js';
import { getProduct } from './products.js';

/** An edge of the lineage graph, between node ids (`dataset:ns:name`, `job:ns:name`). */
export interface LineageEdge {
  readonly origin: string;
  readonly destination: string;
}

/** A node of the lineage graph, in the shape of Marquez's `GET /api/v1/lineage`. */
export interface LineageNode {
  readonly id: string;
  readonly type: 'DATASET' | 'JOB';
  readonly data: Record<string, unknown>;
  readonly inEdges: LineageEdge[];
  readonly outEdges: LineageEdge[];
}

/** The deepest graph a request may ask for, and the default. */
export const MAX_LINEAGE_DEPTH = 100;
export const DEFAULT_LINEAGE_DEPTH = 20;
/** A graph stops growing at this many nodes (the response says it was truncated). */
export const MAX_LINEAGE_NODES = 5000;

type Kind = 'dataset' | 'job';
/** Strings PostgreSQL cannot compare: a NUL character or an unpaired UTF-16 surrogate. */
const unstorable = (s: string) =>
  s.includes('\u0000') || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const CHUNK = 10_000;

/** Resolves `dataset:ns:name` / `job:ns:name`; namespaces may hold colons (`postgres://h:5432`), so every split is tried. */
async function resolveNode(db: Kysely<CatalogDatabase>, nodeId: string): Promise<{ kind: Kind; id: string }> {
  if (unstorable(nodeId)) throw new InputError('nodeId holds a NUL character or an unpaired surrogate');
  const colon = nodeId.indexOf(':');
  const kind = nodeId.slice(0, colon);
  const rest = nodeId.slice(colon + 1);
  if (colon < 0 || (kind !== 'dataset' && kind !== 'job')) {
    throw new NotFoundError(`no lineage node ${nodeId}; node ids are dataset:NAMESPACE:NAME or job:NAMESPACE:NAME`);
  }
  const splits: [string, string][] = [];
  for (let i = rest.indexOf(':'); i >= 0; i = rest.indexOf(':', i + 1))
    splits.push([rest.slice(0, i), rest.slice(i + 1)]);
  if (splits.length > 0) {
    const table = kind === 'dataset' ? 'lineage_datasets' : 'lineage_jobs';
    const rows = await db
      .selectFrom(table)
      .select(['id', 'namespace', 'name'])
      .where((eb) => eb.or(splits.map(([ns, name]) => eb.and([eb('namespace', '=', ns), eb('name', '=', name)]))))
      .execute();
    for (const [ns, name] of splits) {
      const row = rows.find((r) => r.namespace === ns && r.name === name);
      if (row) return { kind, id: String(row.id) };
    }
  }
  throw new NotFoundError(`no lineage node ${nodeId}; post OpenLineage events to POST /api/v1/lineage first`);
}

async function chunked<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await query(ids.slice(i, i + CHUNK))));
  return out;
}

/**
 * The lineage graph around a node, `depth` hops in both directions (jobs and datasets alternate), walked
 * breadth first one level per query; at most {@link MAX_LINEAGE_NODES} nodes.
 */
export async function lineageGraph(
  db: Kysely<CatalogDatabase>,
  nodeId: string,
  depth: number = DEFAULT_LINEAGE_DEPTH,
): Promise<{ graph: LineageNode[]; truncated: boolean }> {
  const start = await resolveNode(db, nodeId);
  const visited = { dataset: new Set<string>(), job: new Set<string>() };
  visited[start.kind].add(start.id);
  let frontier = { dataset: start.kind === 'dataset' ? [start.id] : [], job: start.kind === 'job' ? [start.id] : [] };
  const edges = new Map<string, { job: string; dataset: string; direction: string }>();
  let truncated = false;
  for (let level = 0; level < Math.min(depth, MAX_LINEAGE_DEPTH); level++) {
    const found = [
      ...(await chunked(frontier.dataset, (chunk) =>
        db.selectFrom('lineage_job_io').selectAll().where('dataset_id', 'in', chunk).execute(),
      )),
      ...(await chunked(frontier.job, (chunk) =>
        db.selectFrom('lineage_job_io').selectAll().where('job_id', 'in', chunk).execute(),
      )),
    ];
    const next = { dataset: [] as string[], job: [] as string[] };
    for (const e of found) {
      const [job, dataset] = [String(e.job_id), String(e.dataset_id)];
      for (const [kind, id] of [
        ['job', job],
        ['dataset', dataset],
      ] as const) {
        if (visited[kind].has(id)) continue;
        if (visited.dataset.size + visited.job.size >= MAX_LINEAGE_NODES) {
          truncated = true;
          continue;
        }
        visited[kind].add(id);
        next[kind].push(id);
      }
      edges.set(`${job}/${dataset}/${e.direction}`, { job, dataset, direction: e.direction });
    }
    frontier = next;
    if (next.dataset.length + next.job.length === 0) break;
  }
  const datasets = await chunked([...visited.dataset], (chunk) =>
    db.selectFrom('lineage_datasets').selectAll().where('id', 'in', chunk).execute(),
  );
  const jobs = await chunked([...visited.job], (chunk) =>
    db.selectFrom('lineage_jobs').selectAll().where('id', 'in', chunk).execute(),
  );
  const runs = await chunked([...visited.job], (chunk) =>
    db
      .selectFrom('lineage_runs')
      .select(['job_id', 'run_id', 'state', 'started_at', 'ended_at', 'updated_at'])
      .distinctOn('job_id')
      .where('job_id', 'in', chunk)
      .orderBy('job_id')
      .orderBy('updated_at', 'desc')
      .execute(),
  );
  const nodes = new Map<string, LineageNode>();
  const idOf = new Map<string, string>();
  for (const d of datasets) {
    const id = `dataset:${d.namespace}:${d.name}`;
    idOf.set(`dataset/${d.id}`, id);
    nodes.set(id, {
      id,
      type: 'DATASET',
      data: {
        id: { namespace: d.namespace, name: d.name },
        namespace: d.namespace,
        name: d.name,
        product: d.product,
        fields: d.schema_fields ?? [],
        facets: d.facets,
        updatedAt: new Date(d.updated_at).toISOString(),
      },
      inEdges: [],
      outEdges: [],
    });
  }
  const latest = new Map(runs.map((r) => [String(r.job_id), r]));
  for (const j of jobs) {
    const id = `job:${j.namespace}:${j.name}`;
    idOf.set(`job/${j.id}`, id);
    const run = latest.get(String(j.id));
    nodes.set(id, {
      id,
      type: 'JOB',
      data: {
        id: { namespace: j.namespace, name: j.name },
        namespace: j.namespace,
        name: j.name,
        facets: j.facets,
        updatedAt: new Date(j.updated_at).toISOString(),
        latestRun: run
          ? {
              id: run.run_id,
              state: run.state,
              startedAt: run.started_at ? new Date(run.started_at).toISOString() : null,
              endedAt: run.ended_at ? new Date(run.ended_at).toISOString() : null,
            }
          : null,
      },
      inEdges: [],
      outEdges: [],
    });
  }
  for (const e of edges.values()) {
    const job = idOf.get(`job/${e.job}`);
    const dataset = idOf.get(`dataset/${e.dataset}`);
    if (!job || !dataset) continue;
    const edge =
      e.direction === 'input' ? { origin: dataset, destination: job } : { origin: job, destination: dataset };
    nodes.get(edge.origin)?.outEdges.push(edge);
    nodes.get(edge.destination)?.inEdges.push(edge);
  }
  return { graph: [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), truncated };
}

/** A consumer a change to a product reaches: an active grant on it or on a product downstream. */
export interface ImpactedConsumer {
  readonly email: string;
  readonly domain: string | null;
  readonly product: string;
  readonly grantId: string;
  readonly columns: readonly string[];
  readonly expiresAt: Date;
}

/** Everything downstream of a product (or of one of its columns). */
export interface ProductImpact {
  readonly product: string;
  readonly column: string | null;
  /** Downstream products by address; `columns`: their columns reached through column lineage. */
  readonly products: readonly { readonly address: string; readonly columns: readonly string[] }[];
  /** Downstream datasets that are no product (other tools' tables, files), counted. */
  readonly unmappedDatasets: number;
  /** Whether column lineage starts at the column asked about (false: only product-level impact is known). */
  readonly columnLineage: boolean;
  /** Active grants on the product itself and on every downstream product. */
  readonly consumers: readonly ImpactedConsumer[];
}

/**
 * What a change to a product reaches: every dataset downstream of the product's datasets through jobs
 * (one recursive query; `union` makes cycles terminate), the products among them, and, for a column, the
 * columns reached through column lineage (a second recursive query). The consumers are the active grants on
 * the product and on each downstream product. Product-level impact is always reported in full, because
 * column lineage is often partial: a column without lineage edges is not proof that nothing reads it.
 *
 * ```sql
 * with recursive down(dataset_id) as (
 *   select id from lineage_datasets where product = $1
 *   union
 *   select o.dataset_id from down d
 *   join lineage_job_io i on i.dataset_id = d.dataset_id and i.direction = 'input'
 *   join lineage_job_io o on o.job_id = i.job_id and o.direction = 'output')
 * select ...
 * ```
 */
export async function productImpact(
  db: Kysely<CatalogDatabase>,
  address: string,
  options: { readonly column?: string; readonly now?: Date } = {},
): Promise<ProductImpact> {
  await getProduct(db, address);
  if (options.column !== undefined && unstorable(options.column))
    throw new InputError('column holds a NUL character or an unpaired surrogate');
  const downstream = await sql<{ product: string | null; n: string | number }>`
    with recursive down(dataset_id) as (
      select id from lineage_datasets where product = ${address}
      union
      select o.dataset_id from down d
      join lineage_job_io i on i.dataset_id = d.dataset_id and i.direction = 'input'
      join lineage_job_io o on o.job_id = i.job_id and o.direction = 'output'
    )
    select ds.product, count(*) as n from down join lineage_datasets ds on ds.id = down.dataset_id
    group by ds.product`.execute(db);
  const products = new Map<string, Set<string>>();
  let unmapped = 0;
  for (const row of downstream.rows) {
    if (row.product === null) unmapped += Number(row.n);
    else if (row.product !== address) products.set(row.product, new Set());
  }
  let columnLineage = false;
  if (options.column !== undefined) {
    const reached = await sql<{ product: string | null; field: string; start: boolean }>`
      with recursive down(dataset_id, field) as (
        select id, ${options.column}::text from lineage_datasets where product = ${address}
        union
        select e.output_dataset_id, e.output_field from down d
        join lineage_column_edges e on e.input_dataset_id = d.dataset_id and e.input_field = d.field
      )
      select ds.product, down.field, ds.product is not distinct from ${address}::text and down.field = ${options.column}::text as start
      from down join lineage_datasets ds on ds.id = down.dataset_id`.execute(db);
    columnLineage = reached.rows.some((r) => !r.start);
    for (const row of reached.rows) {
      if (row.start || row.product === null || row.product === address) continue;
      const columns = products.get(row.product) ?? new Set<string>();
      columns.add(row.field);
      products.set(row.product, columns);
    }
  }
  // One query for the grants of every product reached, not one per product.
  const reached = [address, ...products.keys()];
  const grants = await listGrants(db, {
    products: reached,
    active: true,
    limit: 10_000,
    ...(options.now ? { now: options.now } : {}),
  });
  // The product's own consumers first, then by product and e-mail.
  const rank = (c: ImpactedConsumer) => `${c.product === address ? '' : c.product}\u0000${c.email}`;
  const consumers: ImpactedConsumer[] = grants
    .map((g) => ({
      email: g.granteeEmail,
      domain: g.granteeDomain,
      product: g.product,
      grantId: g.id,
      columns: g.columns,
      expiresAt: g.expiresAt,
    }))
    .sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  return {
    product: address,
    column: options.column ?? null,
    products: [...products.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([p, columns]) => ({ address: p, columns: [...columns].sort() })),
    unmappedDatasets: unmapped,
    columnLineage,
    consumers,
  };
}
