import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './dialect/pglite/pglite-dialect.js';
import { migrationProvider } from './migrations/migrations.js';
import type { CatalogDatabase } from './schema.js';

/** Where the catalog lives: PostgreSQL when a URL is given, else PGlite (in `dataDir`, or in memory). */
export interface CatalogOptions {
  /** `postgres://…`; takes precedence over `dataDir`. */
  readonly databaseUrl?: string;
  /** PGlite data directory; in memory when omitted (tests). */
  readonly dataDir?: string;
  /** PostgreSQL schema to use (created if missing), so test runs cannot interfere. Default `public`. */
  readonly schema?: string;
}

/** An open catalog: the Kysely instance, which store backs it, and how to close it. */
export interface Catalog {
  readonly db: Kysely<CatalogDatabase>;
  readonly store: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Opens the catalog and brings its schema up to date. Throws when the database is unreachable. */
export async function openCatalog(options: CatalogOptions = {}): Promise<Catalog> {
  let db: Kysely<CatalogDatabase>;
  let store: Catalog['store'];
  let migrationTableSchema: string | undefined;
  if (options.databaseUrl) {
    const schema = options.schema ?? 'public';
    // Kysely looks for its migration tables in every schema unless told which: two catalogs migrating side by
    // side in one database (tests, a staging schema) would otherwise see each other's lock table.
    migrationTableSchema = schema;
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
    const setup = new pg.Client({ connectionString: options.databaseUrl });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, options: `-c search_path=${schema}` });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    store = 'postgres';
  } else {
    const database = await PGlite.create(options.dataDir);
    db = new Kysely({ dialect: new PGliteDialect(database) });
    store = 'pglite';
  }
  const { error, results } = await new Migrator({
    db,
    provider: migrationProvider,
    migrationTableSchema,
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`catalog migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, store, close: () => db.destroy() };
}
