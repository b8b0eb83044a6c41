import { type Kysely, sql } from 'kysely';

/**
 * OpenLineage: jobs, runs and datasets with their latest facets, the job ↔ dataset edges the graph and
 * impact queries walk, each run's inputs and outputs with the facets of that edge, column lineage edges,
 * and every accepted raw event with the warnings it was accepted with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lineage_jobs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('facets', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('lineage_jobs_name_key', ['namespace', 'name'])
    .execute();
  await db.schema
    .createTable('lineage_datasets')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // The product address the dataset is, when it maps to one (docs/lineage.md).
    .addColumn('product', 'text')
    .addColumn('schema_fields', 'jsonb')
    .addColumn('facets', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('lineage_datasets_name_key', ['namespace', 'name'])
    .execute();
  await db.schema.createIndex('lineage_datasets_product_idx').on('lineage_datasets').column('product').execute();
  await db.schema
    .createTable('lineage_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'bigint', (c) => c.notNull().references('lineage_jobs.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('facets', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'lineage_runs_state_check',
      sql`state in ('START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER')`,
    )
    .execute();
  await db.schema.createIndex('lineage_runs_job_idx').on('lineage_runs').columns(['job_id', 'updated_at']).execute();
  await db.schema
    .createTable('lineage_job_io')
    .addColumn('job_id', 'bigint', (c) => c.notNull().references('lineage_jobs.id'))
    .addColumn('dataset_id', 'bigint', (c) => c.notNull().references('lineage_datasets.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('input', 'output')`))
    .addPrimaryKeyConstraint('lineage_job_io_pk', ['job_id', 'direction', 'dataset_id'])
    .execute();
  await db.schema
    .createIndex('lineage_job_io_dataset_idx')
    .on('lineage_job_io')
    .columns(['dataset_id', 'direction', 'job_id'])
    .execute();
  await db.schema
    .createTable('lineage_run_io')
    .addColumn('run_id', 'text', (c) => c.notNull().references('lineage_runs.run_id'))
    .addColumn('dataset_id', 'bigint', (c) => c.notNull().references('lineage_datasets.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('input', 'output')`))
    .addColumn('facets', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint('lineage_run_io_pk', ['run_id', 'direction', 'dataset_id'])
    .execute();
  await db.schema
    .createTable('lineage_column_edges')
    .addColumn('output_dataset_id', 'bigint', (c) => c.notNull().references('lineage_datasets.id'))
    .addColumn('output_field', 'text', (c) => c.notNull())
    .addColumn('input_dataset_id', 'bigint', (c) => c.notNull().references('lineage_datasets.id'))
    .addColumn('input_field', 'text', (c) => c.notNull())
    .addColumn('transformations', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('lineage_column_edges_pk', [
      'output_dataset_id',
      'output_field',
      'input_dataset_id',
      'input_field',
    ])
    .execute();
  await db.schema
    .createIndex('lineage_column_edges_input_idx')
    .on('lineage_column_edges')
    .columns(['input_dataset_id', 'input_field'])
    .execute();
  await db.schema
    .createTable('lineage_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('received_by', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_time', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema.createIndex('lineage_events_run_idx').on('lineage_events').column('run_id').execute();
}
