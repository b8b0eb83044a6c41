import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** One metered read: a gateway query or a data API read. */
export interface QueryRecord {
  readonly at: Date;
  readonly userEmail: string;
  readonly userDomain: string | null;
  readonly kind: 'query' | 'data';
  readonly products: readonly string[];
  readonly status: 'ok' | 'refused' | 'failed' | 'timeout';
  readonly rows: number;
  /** Bytes of the stored products the query read (their stored size: an upper bound of what was scanned). */
  readonly bytesScanned: number;
  readonly cpuMs: number;
  readonly durationMs: number;
  /** The SQL (truncated), for the top-queries report. */
  readonly sql: string | null;
}

/** Which metered reads to list; every filter given must match. */
export interface QueryFilter {
  /** The e-mail of the user who read. */
  readonly userEmail?: string;
}

/** Records a metered read. */
export async function recordQuery(db: Kysely<CatalogDatabase>, record: QueryRecord): Promise<void> {
  await db
    .insertInto('query_log')
    .values({
      at: record.at,
      user_email: record.userEmail,
      user_domain: record.userDomain,
      kind: record.kind,
      products: JSON.stringify(record.products),
      status: record.status,
      rows: record.rows,
      bytes_scanned: record.bytesScanned,
      cpu_ms: record.cpuMs,
      duration_ms: record.durationMs,
      sql: record.sql === null ? null : record.sql.slice(0, 4000),
    })
    .execute();
}

/** Records today's stored bytes of each producing domain (the last sample of a day wins). */
export async function recordStorageSample(
  db: Kysely<CatalogDatabase>,
  day: string,
  bytesByDomain: ReadonlyMap<string, number>,
): Promise<void> {
  for (const [domain, bytes] of bytesByDomain) {
    await db
      .insertInto('storage_samples')
      .values({ day, domain, bytes })
      .onConflict((c) => c.columns(['day', 'domain']).doUpdateSet({ bytes }))
      .execute();
  }
}

/** The metered reads that match `filter`, oldest first. */
export async function listQueries(db: Kysely<CatalogDatabase>, filter: QueryFilter = {}): Promise<QueryRecord[]> {
  let query = db.selectFrom('query_log').selectAll();
  if (filter.userEmail !== undefined) query = query.where('user_email', '=', filter.userEmail);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    at: new Date(r.at),
    userEmail: r.user_email,
    userDomain: r.user_domain,
    kind: r.kind as QueryRecord['kind'],
    products: (typeof r.products === 'string' ? JSON.parse(r.products) : r.products) as string[],
    status: r.status as QueryRecord['status'],
    rows: Number(r.rows),
    bytesScanned: Number(r.bytes_scanned),
    cpuMs: r.cpu_ms,
    durationMs: r.duration_ms,
    sql: r.sql,
  }));
}

/** The stored bytes sampled on `day` (`YYYY-MM-DD`), per producing domain. */
export async function storageSamplesOf(db: Kysely<CatalogDatabase>, day: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('storage_samples').select(['domain', 'bytes']).where('day', '=', day).execute();
  return new Map(rows.map((r) => [r.domain, Number(r.bytes)]));
}
