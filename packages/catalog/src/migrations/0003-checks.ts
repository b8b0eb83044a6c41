import { type Kysely, sql } from 'kysely';

/** Check runs with their results (history), and the SLA status of each product with when it last changed. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('check_runs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('address', 'text', (c) => c.notNull().references('products.address'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint')
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    .addColumn('results', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('check_runs_address_idx').on('check_runs').columns(['address', 'finished_at']).execute();
  await db.schema
    .createTable('sla_status')
    .addColumn('address', 'text', (c) => c.primaryKey().references('products.address'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('met', 'at_risk', 'breached', 'unknown')`))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .execute();
}
