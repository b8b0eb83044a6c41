import type { Kysely } from 'kysely';

/** Build runs: what each build of a product produced (rows, bytes, hashes, inputs), as its manifest says. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('build_runs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('address', 'text', (c) => c.notNull().references('products.address'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('built_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('input_hash', 'text', (c) => c.notNull())
    .addColumn('inputs', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('build_runs_unique', ['address', 'input_hash', 'built_at'])
    .execute();
}
