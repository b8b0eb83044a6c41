import type { Kysely } from 'kysely';

/** Metering: every gateway query and data read, for chargeback; storage samples per producing domain. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('query_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_email', 'text', (c) => c.notNull())
    .addColumn('user_domain', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('products', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('bytes_scanned', 'bigint', (c) => c.notNull())
    .addColumn('cpu_ms', 'double precision', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('sql', 'text')
    .execute();
  await db.schema.createIndex('query_log_at_idx').on('query_log').columns(['at']).execute();
  await db.schema
    .createTable('storage_samples')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('storage_samples_pk', ['day', 'domain'])
    .execute();
}
