import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** The SLA status of a product: met, at risk (within 20 % of a limit), breached, or unknown (no SLA check). */
export type SlaState = 'met' | 'at_risk' | 'breached' | 'unknown';

/** A finished check run of one product. Results are stored as the engine reported them. */
export interface CheckRunRecord {
  readonly address: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** What started it: `build`, `schedule`, `manual`. */
  readonly trigger: string;
  readonly rows: number | null;
  readonly results: readonly {
    readonly status: string;
    readonly origin?: string;
    readonly actual?: number | null;
    readonly expected?: string;
  }[];
  readonly sla: { readonly status: SlaState; readonly details: Record<string, unknown> };
}

/**
 * Stores a check run and the product's SLA status in one transaction; the status's `changed_at` moves only
 * when the status itself changes, so "breached since" is exact.
 */
export async function recordCheckRun(db: Kysely<CatalogDatabase>, run: CheckRunRecord): Promise<void> {
  const count = (status: string) => run.results.filter((r) => r.status === status).length;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('check_runs')
      .values({
        address: run.address,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        trigger: run.trigger,
        rows: run.rows,
        passed: count('passed'),
        failed: count('failed'),
        errors: count('error'),
        results: JSON.stringify(run.results),
      })
      .execute();
    const current = await trx
      .selectFrom('sla_status')
      .select('status')
      .where('address', '=', run.address)
      .forUpdate()
      .executeTakeFirst();
    const details = JSON.stringify(run.sla.details);
    if (!current) {
      await trx
        .insertInto('sla_status')
        .values({
          address: run.address,
          status: run.sla.status,
          changed_at: run.finishedAt,
          checked_at: run.finishedAt,
          details,
        })
        .execute();
    } else {
      await trx
        .updateTable('sla_status')
        .set({
          status: run.sla.status,
          checked_at: run.finishedAt,
          details,
          ...(current.status === run.sla.status ? {} : { changed_at: run.finishedAt }),
        })
        .where('address', '=', run.address)
        .execute();
    }
  });
}

/** The latest check runs of a product, newest first. */
export async function checkRunHistory(db: Kysely<CatalogDatabase>, address: string, limit: number) {
  const rows = await db
    .selectFrom('check_runs')
    .selectAll()
    .where('address', '=', address)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: new Date(r.finished_at).toISOString(),
    trigger: r.trigger,
    rows: r.rows === null ? null : Number(r.rows),
    passed: r.passed,
    failed: r.failed,
    errors: r.errors,
    results: (typeof r.results === 'string' ? JSON.parse(r.results) : r.results) as unknown[],
  }));
}

/** The SLA status of a product, or undefined before its first check run. */
export async function slaStatusOf(db: Kysely<CatalogDatabase>, address: string) {
  const row = await db.selectFrom('sla_status').selectAll().where('address', '=', address).executeTakeFirst();
  if (!row) return undefined;
  return {
    status: row.status as SlaState,
    changedAt: new Date(row.changed_at).toISOString(),
    checkedAt: new Date(row.checked_at).toISOString(),
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>,
  };
}
