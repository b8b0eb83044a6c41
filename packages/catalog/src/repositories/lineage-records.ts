import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';
import type { ColumnLineage, LineageWarning } from './lineage.js';

/** How many rows the lineage store holds, per kind. */
export interface LineageCounts {
  readonly events: number;
  readonly jobs: number;
  readonly runs: number;
  readonly datasets: number;
  /** Job ↔ dataset edges. */
  readonly jobEdges: number;
  /** Run ↔ dataset edges. */
  readonly runEdges: number;
  readonly columnEdges: number;
}

/**
 * Counts the rows of every lineage table in one statement: what an ingest added, or that a replayed event
 * added nothing.
 */
export async function lineageCounts(db: Kysely<CatalogDatabase>): Promise<LineageCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('lineage_events').select(eb.fn.countAll().as('n')).as('events'),
      eb.selectFrom('lineage_jobs').select(eb.fn.countAll().as('n')).as('jobs'),
      eb.selectFrom('lineage_runs').select(eb.fn.countAll().as('n')).as('runs'),
      eb.selectFrom('lineage_datasets').select(eb.fn.countAll().as('n')).as('datasets'),
      eb.selectFrom('lineage_job_io').select(eb.fn.countAll().as('n')).as('jobEdges'),
      eb.selectFrom('lineage_run_io').select(eb.fn.countAll().as('n')).as('runEdges'),
      eb.selectFrom('lineage_column_edges').select(eb.fn.countAll().as('n')).as('columnEdges'),
    ])
    .executeTakeFirstOrThrow();
  return {
    events: Number(row.events),
    jobs: Number(row.jobs),
    runs: Number(row.runs),
    datasets: Number(row.datasets),
    jobEdges: Number(row.jobEdges),
    runEdges: Number(row.runEdges),
    columnEdges: Number(row.columnEdges),
  };
}

/** A stored event (the `eventId` of its ingest) as it was received, with the leniencies applied to it. */
export async function lineageEventOf(
  db: Kysely<CatalogDatabase>,
  eventId: string,
): Promise<{ readonly event: unknown; readonly warnings: LineageWarning[] } | undefined> {
  const row = await db
    .selectFrom('lineage_events')
    .select(['event', 'warnings'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
  return { event: parse(row.event), warnings: parse(row.warnings) as LineageWarning[] };
}

/**
 * The stored column lineage of an output dataset: each of its fields with the input columns it is computed
 * from, fields in name order and inputs by dataset name, then field. Empty for a dataset without any.
 */
export async function columnLineageOf(
  db: Kysely<CatalogDatabase>,
  dataset: { readonly namespace: string; readonly name: string },
): Promise<ColumnLineage[]> {
  const rows = await db
    .selectFrom('lineage_column_edges as e')
    .innerJoin('lineage_datasets as o', 'o.id', 'e.output_dataset_id')
    .innerJoin('lineage_datasets as i', 'i.id', 'e.input_dataset_id')
    .select(['e.output_field', 'i.namespace', 'i.name', 'e.input_field', 'e.transformations'])
    .where('o.namespace', '=', dataset.namespace)
    .where('o.name', '=', dataset.name)
    .orderBy('e.output_field')
    .orderBy('i.name')
    .orderBy('e.input_field')
    .execute();
  const byField = new Map<string, ColumnLineage['inputs'][number][]>();
  for (const r of rows) {
    const inputs = byField.get(r.output_field) ?? [];
    byField.set(r.output_field, inputs);
    const transformations = typeof r.transformations === 'string' ? JSON.parse(r.transformations) : r.transformations;
    inputs.push({ namespace: r.namespace, name: r.name, field: r.input_field, transformations });
  }
  return [...byField].map(([field, inputs]) => ({ field, inputs }));
}
