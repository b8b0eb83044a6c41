import { type Kysely, sql } from 'kysely';

/** Governance findings (warnings) a version was published with, kept with the version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('product_versions')
    .addColumn('findings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}
