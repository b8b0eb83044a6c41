import { type Kysely, sql } from 'kysely';

/** Full-text search over the latest version of each product, and the facets the UI filters by. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('products')
    .addColumn('document', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('classifications', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('owner', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`create index products_document_idx on products using gin (document)`.execute(db);
}
