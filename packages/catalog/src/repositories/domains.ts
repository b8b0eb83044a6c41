import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** Creates or updates a domain from its descriptor. */
export async function upsertDomain(
  db: Kysely<CatalogDatabase>,
  domain: { readonly name: string; readonly description: string; readonly isolation: string; readonly spec: unknown },
): Promise<void> {
  const values = { ...domain, spec: JSON.stringify(domain.spec) };
  await db
    .insertInto('domains')
    .values(values)
    .onConflict((c) =>
      c.column('name').doUpdateSet({
        description: values.description,
        isolation: values.isolation,
        spec: values.spec,
        updated_at: new Date(),
      }),
    )
    .execute();
}

/** The stored descriptor (domain.yaml as data) of a domain, or undefined when the catalog does not know it. */
export async function domainSpecOf(db: Kysely<CatalogDatabase>, name: string): Promise<unknown> {
  const row = await db.selectFrom('domains').select('spec').where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  return typeof row.spec === 'string' ? JSON.parse(row.spec) : row.spec;
}

/**
 * The isolation pattern a domain was last registered with (`upsertDomain`), or undefined when the catalog does
 * not know the domain.
 *
 * @example
 * await domainIsolationOf(db, 'finance'); // 'workspace'
 */
export async function domainIsolationOf(db: Kysely<CatalogDatabase>, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('domains').select('isolation').where('name', '=', name).executeTakeFirst();
  return row?.isolation;
}
