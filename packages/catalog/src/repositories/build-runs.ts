import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** A build of a product as its manifest records it. */
export interface BuildRunRecord {
  readonly address: string;
  readonly version: string;
  readonly builtAt: string;
  readonly durationMs: number;
  readonly rows: number;
  readonly bytes: number;
  readonly contentHash: string;
  readonly inputHash: string;
  /** Content hash of each upstream product at build time: the lineage of this build. */
  readonly inputs: Readonly<Record<string, string>>;
}

/** Records a build run; recording the same build (same product, input hash and time) again is a no-op. */
export async function recordBuildRun(db: Kysely<CatalogDatabase>, run: BuildRunRecord): Promise<void> {
  await db
    .insertInto('build_runs')
    .values({
      address: run.address,
      version: run.version,
      built_at: run.builtAt,
      duration_ms: run.durationMs,
      rows: run.rows,
      bytes: run.bytes,
      content_hash: run.contentHash,
      input_hash: run.inputHash,
      inputs: JSON.stringify(run.inputs),
    })
    .onConflict((c) => c.constraint('build_runs_unique').doNothing())
    .execute();
}

/** The latest builds of a product, newest first. */
export async function buildRunHistory(db: Kysely<CatalogDatabase>, address: string, limit: number) {
  const rows = await db
    .selectFrom('build_runs')
    .selectAll()
    .where('address', '=', address)
    .orderBy('built_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: r.version,
    builtAt: new Date(r.built_at).toISOString(),
    durationMs: r.duration_ms,
    rows: Number(r.rows),
    bytes: Number(r.bytes),
    contentHash: r.content_hash,
    inputs: (typeof r.inputs === 'string' ? JSON.parse(r.inputs) : r.inputs) as Record<string, string>,
  }));
}
