import type { Kysely, Transaction } from 'kysely';
import type { CatalogDatabase } from '../schema.js';
import { appendAudit } from './audit.js';

/** The run states of OpenLineage 2-0-2. */
export const RUN_STATES = ['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** A facet map as received: facet name → facet object. */
export type Facets = Readonly<Record<string, unknown>>;

/** A column of a dataset, from its `schema` facet. */
export interface LineageField {
  readonly name: string;
  readonly type?: string;
}

/** One output column and the input columns it is computed from (the `columnLineage` facet). */
export interface ColumnLineage {
  readonly field: string;
  readonly inputs: readonly {
    readonly namespace: string;
    readonly name: string;
    readonly field: string;
    readonly transformations: readonly unknown[];
  }[];
}

/** A dataset of an event, with what Meshwork reads out of its facets. */
export interface LineageDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets: Facets;
  /** `inputFacets` or `outputFacets`: the facets of the edge between the run and the dataset. */
  readonly edgeFacets: Facets;
  /** From a valid `schema` facet; undefined when the event has none. */
  readonly fields?: readonly LineageField[];
  /** From a valid `columnLineage` facet (outputs only). */
  readonly columnLineage?: readonly ColumnLineage[];
}

/** A job of an event. */
export interface LineageJob {
  readonly namespace: string;
  readonly name: string;
  readonly facets: Facets;
}

/** An OpenLineage event, checked and normalised at the boundary (the server's `parseLineageEvent`). */
export type LineageEvent =
  | {
      readonly kind: 'RunEvent';
      readonly eventTime: Date;
      /** Missing in the event: OTHER (it moves no state). */
      readonly eventType: RunState;
      readonly runId: string;
      readonly runFacets: Facets;
      readonly job: LineageJob;
      readonly inputs: readonly LineageDataset[];
      readonly outputs: readonly LineageDataset[];
    }
  | {
      readonly kind: 'JobEvent';
      readonly eventTime: Date;
      readonly job: LineageJob;
      readonly inputs: readonly LineageDataset[];
      readonly outputs: readonly LineageDataset[];
    }
  | { readonly kind: 'DatasetEvent'; readonly eventTime: Date; readonly dataset: LineageDataset };

/** A leniency applied to an accepted event, stored with it. */
export interface LineageWarning {
  /** JSON pointer into the event. */
  readonly path: string;
  readonly message: string;
}

/** Who sent the event, the event as received and what was forgiven. */
export interface IngestContext {
  readonly receivedBy: string;
  readonly raw: unknown;
  readonly warnings: readonly LineageWarning[];
  readonly requestId?: string;
}

/** What an ingest stored. */
export interface IngestOutcome {
  readonly eventId: string;
  /** The run's state after the event (run events only): states only move forward. */
  readonly runState?: RunState;
  readonly datasets: number;
  readonly columnEdges: number;
}

/** The namespace Meshwork's own datasets live in: `meshwork://<mesh name>`, dataset name = product address. */
export const MESHWORK_NAMESPACE_PREFIX = 'meshwork://';

const RANK: Record<RunState, number> = { OTHER: 0, START: 1, RUNNING: 2, COMPLETE: 3, FAIL: 3, ABORT: 3 };
const TERMINAL = new Set<RunState>(['COMPLETE', 'FAIL', 'ABORT']);

/**
 * The state a run moves to: states only move forward (OTHER < START < RUNNING < COMPLETE | FAIL | ABORT),
 * and the first terminal state is kept, so a late START after COMPLETE does not reopen the run.
 */
export function nextRunState(current: RunState | undefined, incoming: RunState): RunState {
  if (current === undefined) return incoming;
  if (TERMINAL.has(current)) return current;
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/**
 * Stores one event in one transaction: the event itself (with its warnings), its job and run (the run's state
 * moves forward whatever order events arrive in; the earliest start and the first terminal time are kept),
 * its datasets with their latest facets (facets of an older event never overwrite newer ones; `_deleted`
 * facets are removed), the job ↔ dataset edges, the run's inputs and outputs with their edge facets, and the
 * column lineage of its outputs (replacing the earlier lineage of the columns it names). Datasets are sorted
 * before they are written, so concurrent events over the same datasets cannot deadlock.
 */
export async function ingestLineageEvent(
  db: Kysely<CatalogDatabase>,
  event: LineageEvent,
  context: IngestContext,
): Promise<IngestOutcome> {
  return db.transaction().execute(async (trx) => {
    const runId = event.kind === 'RunEvent' ? event.runId : null;
    const stored = await trx
      .insertInto('lineage_events')
      .values({
        received_by: context.receivedBy,
        kind: event.kind,
        event_time: event.eventTime,
        run_id: runId,
        event: JSON.stringify(context.raw),
        warnings: JSON.stringify(context.warnings),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const datasets =
      event.kind === 'DatasetEvent'
        ? [{ ...event.dataset, direction: undefined }]
        : [
            ...event.inputs.map((d) => ({ ...d, direction: 'input' as const })),
            ...event.outputs.map((d) => ({ ...d, direction: 'output' as const })),
          ];
    // Datasets named only by column lineage are datasets too.
    const referenced = datasets.flatMap((d) =>
      (d.columnLineage ?? []).flatMap((c) => c.inputs.map((i) => ({ namespace: i.namespace, name: i.name }))),
    );
    const ids = await upsertDatasets(
      trx,
      [...datasets, ...referenced.map((r) => ({ ...r, facets: {}, edgeFacets: {} }))],
      event.eventTime,
    );
    let runState: RunState | undefined;
    let target: string;
    if (event.kind === 'DatasetEvent') {
      target = `dataset:${event.dataset.namespace}:${event.dataset.name}`;
    } else {
      target = `job:${event.job.namespace}:${event.job.name}`;
      const jobId = await upsertJob(trx, event.job, event.eventTime);
      if (event.kind === 'RunEvent') runState = await upsertRun(trx, event, jobId);
      const edges = uniqueBy(
        datasets.flatMap((d) =>
          d.direction ? [{ dataset_id: idOf(ids, d), direction: d.direction, facets: d.edgeFacets }] : [],
        ),
        (e) => `${e.direction}\u0000${e.dataset_id}`,
      );
      if (edges.length > 0) {
        await trx
          .insertInto('lineage_job_io')
          .values(edges.map((e) => ({ job_id: jobId, dataset_id: e.dataset_id, direction: e.direction })))
          .onConflict((c) => c.doNothing())
          .execute();
        if (event.kind === 'RunEvent') {
          await trx
            .insertInto('lineage_run_io')
            .values(
              edges.map((e) => ({
                run_id: event.runId,
                dataset_id: e.dataset_id,
                direction: e.direction,
                facets: JSON.stringify(e.facets),
              })),
            )
            .onConflict((c) =>
              c.columns(['run_id', 'direction', 'dataset_id']).doUpdateSet((eb) => ({
                facets: eb.ref('excluded.facets'),
              })),
            )
            .execute();
        }
      }
    }
    let columnEdges = 0;
    for (const output of datasets) {
      if (output.direction === 'input' || !output.columnLineage || output.columnLineage.length === 0) continue;
      columnEdges += await replaceColumnLineage(trx, idOf(ids, output), output.columnLineage, ids);
    }
    await appendAudit(trx, {
      actor: context.receivedBy,
      action: 'lineage.ingest',
      target,
      outcome: 'ok',
      requestId: context.requestId,
      details: { eventId: stored.id, kind: event.kind, warnings: context.warnings.length },
    });
    return {
      eventId: String(stored.id),
      ...(runState ? { runState } : {}),
      datasets: ids.size,
      columnEdges,
    };
  });
}

type Trx = Transaction<CatalogDatabase>;
type DatasetKey = { readonly namespace: string; readonly name: string };

const keyOf = (d: DatasetKey) => `${d.namespace}\u0000${d.name}`;
const idOf = (ids: ReadonlyMap<string, string>, d: DatasetKey) => ids.get(keyOf(d)) as string;

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}

/** Merges facets: a newer event's facets win, an older one only adds missing ones; `_deleted: true` removes. */
function mergeFacets(stored: unknown, incoming: Facets, newer: boolean): Record<string, unknown> {
  const base = stored && typeof stored === 'object' ? { ...(stored as Record<string, unknown>) } : {};
  for (const [key, facet] of Object.entries(incoming)) {
    const deleted = facet !== null && typeof facet === 'object' && (facet as { _deleted?: unknown })._deleted === true;
    if (deleted) {
      if (newer) delete base[key];
    } else if (newer || !(key in base)) base[key] = facet;
  }
  return base;
}

const timeOf = (value: Date | string): number => new Date(value).getTime();

/**
 * The published products an event's datasets are (docs/lineage.md, "Datasets and products"): who may
 * assert lineage for them is the products' domain's to decide.
 */
export async function productsOfDatasets(
  db: Kysely<CatalogDatabase>,
  datasets: readonly { readonly namespace: string; readonly name: string }[],
): Promise<string[]> {
  return [...new Set((await productsOf(db, datasets)).values())].sort();
}

/** The product a dataset is: see docs/lineage.md ("Datasets and products"). */
async function productsOf(
  trx: Trx | Kysely<CatalogDatabase>,
  datasets: readonly DatasetKey[],
): Promise<Map<string, string>> {
  const mapped = new Map<string, string>();
  const candidates = new Set<string>();
  for (const d of datasets) {
    if (d.namespace.startsWith(MESHWORK_NAMESPACE_PREFIX)) {
      const address = d.name.split('.').slice(0, 2).join('.');
      if (/^[^.]+\.[^.]+$/.test(address)) mapped.set(keyOf(d), address);
    } else if (/^[^.]+\.[^.]+$/.test(d.name)) candidates.add(d.name);
  }
  if (candidates.size > 0) {
    const rows = await trx
      .selectFrom('products')
      .select('address')
      .where('address', 'in', [...candidates])
      .execute();
    const known = new Set(rows.map((r) => r.address));
    for (const d of datasets) if (!mapped.has(keyOf(d)) && known.has(d.name)) mapped.set(keyOf(d), d.name);
  }
  return mapped;
}

async function upsertDatasets(
  trx: Trx,
  datasets: readonly (DatasetKey & { facets: Facets; fields?: readonly LineageField[] | undefined })[],
  eventTime: Date,
): Promise<Map<string, string>> {
  // One entry per dataset, its facets merged in event order; written in key order (no deadlocks).
  const merged = new Map<string, DatasetKey & { facets: Record<string, unknown>; fields?: readonly LineageField[] }>();
  for (const d of datasets) {
    const key = keyOf(d);
    const seen = merged.get(key);
    const fields = d.fields ?? seen?.fields;
    merged.set(key, {
      namespace: d.namespace,
      name: d.name,
      facets: { ...(seen?.facets ?? {}), ...d.facets },
      ...(fields ? { fields } : {}),
    });
  }
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const products = await productsOf(trx, [...merged.values()]);
  const ids = new Map<string, string>();
  for (const [key, d] of sorted) {
    await trx
      .insertInto('lineage_datasets')
      .values({
        namespace: d.namespace,
        name: d.name,
        product: products.get(key) ?? null,
        schema_fields: null,
        facets: '{}',
        updated_at: new Date(0),
      })
      .onConflict((c) => c.columns(['namespace', 'name']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('lineage_datasets')
      .select(['id', 'facets', 'updated_at', 'schema_fields', 'product'])
      .where('namespace', '=', d.namespace)
      .where('name', '=', d.name)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const newer = eventTime.getTime() >= timeOf(row.updated_at);
    const fields = d.fields && (newer || row.schema_fields === null) ? d.fields : row.schema_fields;
    await trx
      .updateTable('lineage_datasets')
      .set({
        facets: JSON.stringify(mergeFacets(row.facets, d.facets, newer)),
        schema_fields: fields === null || fields === undefined ? null : JSON.stringify(fields),
        product: row.product ?? products.get(key) ?? null,
        updated_at: newer ? eventTime : row.updated_at,
      })
      .where('id', '=', row.id)
      .execute();
    ids.set(key, String(row.id));
  }
  return ids;
}

async function upsertJob(trx: Trx, job: LineageJob, eventTime: Date): Promise<string> {
  await trx
    .insertInto('lineage_jobs')
    .values({ namespace: job.namespace, name: job.name, facets: '{}', updated_at: new Date(0) })
    .onConflict((c) => c.columns(['namespace', 'name']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('lineage_jobs')
    .select(['id', 'facets', 'updated_at'])
    .where('namespace', '=', job.namespace)
    .where('name', '=', job.name)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const newer = eventTime.getTime() >= timeOf(row.updated_at);
  await trx
    .updateTable('lineage_jobs')
    .set({
      facets: JSON.stringify(mergeFacets(row.facets, job.facets, newer)),
      updated_at: newer ? eventTime : row.updated_at,
    })
    .where('id', '=', row.id)
    .execute();
  return String(row.id);
}

async function upsertRun(
  trx: Trx,
  event: Extract<LineageEvent, { kind: 'RunEvent' }>,
  jobId: string,
): Promise<RunState> {
  const at = event.eventTime;
  const starts = event.eventType === 'START' || event.eventType === 'RUNNING';
  const ends = TERMINAL.has(event.eventType);
  await trx
    .insertInto('lineage_runs')
    .values({
      run_id: event.runId,
      job_id: jobId,
      state: event.eventType,
      started_at: starts ? at : null,
      ended_at: ends ? at : null,
      facets: JSON.stringify(event.runFacets),
      updated_at: at,
    })
    .onConflict((c) => c.column('run_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('lineage_runs')
    .select(['state', 'started_at', 'ended_at', 'facets', 'updated_at'])
    .where('run_id', '=', event.runId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const current = row.state as RunState;
  const state = nextRunState(current, event.eventType);
  const started = starts && (row.started_at === null || at.getTime() < timeOf(row.started_at)) ? at : row.started_at;
  const ended = ends && !TERMINAL.has(current) ? at : row.ended_at;
  const newer = at.getTime() >= timeOf(row.updated_at);
  await trx
    .updateTable('lineage_runs')
    .set({
      state,
      started_at: started,
      ended_at: ended,
      facets: JSON.stringify(mergeFacets(row.facets, event.runFacets, newer)),
      updated_at: newer ? at : row.updated_at,
    })
    .where('run_id', '=', event.runId)
    .execute();
  return state;
}

async function replaceColumnLineage(
  trx: Trx,
  outputId: string,
  lineage: readonly ColumnLineage[],
  ids: ReadonlyMap<string, string>,
): Promise<number> {
  const fields = [...new Set(lineage.map((c) => c.field))];
  await trx
    .deleteFrom('lineage_column_edges')
    .where('output_dataset_id', '=', outputId)
    .where('output_field', 'in', fields)
    .execute();
  const rows = uniqueBy(
    lineage.flatMap((c) =>
      c.inputs.map((i) => ({
        output_dataset_id: outputId,
        output_field: c.field,
        input_dataset_id: idOf(ids, i),
        input_field: i.field,
        transformations: JSON.stringify(i.transformations),
      })),
    ),
    (r) => `${r.output_field}\u0000${r.input_dataset_id}\u0000${r.input_field}`,
  );
  // PostgreSQL takes at most 65535 parameters per statement: 5 per row.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('lineage_column_edges')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  return rows.length;
}
