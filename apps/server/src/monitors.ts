import { type Catalog, recordCheckRun, slaStatusOf } from '@meshwork/catalog';
import { type Mesh, type Product, slaDurationMs } from '@meshwork/core';
import { type ProductTestResult, slaStatusFromResults, testMesh } from '@meshwork/engine';
import { Cron } from 'croner';
import type { EventRaiser } from './events/event-bus.js';

const HOUR = 3_600_000;

/** When a product's checks run: a cron expression, or an interval in milliseconds. */
export type Schedule = { readonly cron: string } | { readonly everyMs: number };

/**
 * The schedule a contract declares: the first quality rule with `scheduler: cron` and a `schedule`, else
 * the SLA `frequency`, else hourly.
 */
export function scheduleOf(product: Product): Schedule {
  for (const contract of product.contracts) {
    for (const object of contract.spec.schema ?? []) {
      const rules = [...(object.quality ?? []), ...(object.properties ?? []).flatMap((p) => p.quality ?? [])];
      const cron = rules.find((r) => r.scheduler === 'cron' && typeof r.schedule === 'string');
      if (cron) return { cron: String(cron.schedule) };
    }
    const frequency = (contract.spec.slaProperties ?? []).find((s) => s.property === 'frequency');
    const ms = frequency ? slaDurationMs(frequency.value, frequency.unit) : undefined;
    if (ms && ms >= 60_000) return { everyMs: ms };
  }
  return { everyMs: HOUR };
}

/**
 * Stores one product's test result as a check run and updates its SLA status. With `events`, a run with failed
 * error-severity checks raises `check.failed`, and an SLA status that changes to breached raises `sla.breached`.
 */
export async function recordTestResult(
  catalog: Catalog,
  result: ProductTestResult,
  startedAt: Date,
  trigger: string,
  events?: EventRaiser,
): Promise<void> {
  if (result.reason !== undefined) return; // never built: nothing was checked
  const before = events ? (await slaStatusOf(catalog.db, result.address))?.status : undefined;
  const sla = slaStatusFromResults(result.results);
  await recordCheckRun(catalog.db, {
    address: result.address,
    startedAt,
    finishedAt: new Date(),
    trigger,
    rows: result.rows,
    results: result.results,
    sla,
  });
  if (!events) return;
  const subject = result.address;
  const domain = subject.split('.')[0] ?? null;
  const failed = result.results.filter((r) => r.status === 'failed' && r.severity === 'error');
  if (failed.length > 0) {
    await events.raise({
      name: 'check.failed',
      subject,
      domain,
      data: {
        address: subject,
        trigger,
        failed: failed.map((r) => ({
          id: r.id,
          object: r.object,
          columns: [...r.columns],
          description: r.description,
          expected: r.expected,
          actual: r.actual,
          reason: r.reason ?? null,
        })),
      },
    });
  }
  if (sla.status === 'breached' && before !== 'breached') {
    await events.raise({
      name: 'sla.breached',
      subject,
      domain,
      data: { address: subject, previous: before ?? null, details: sla.details },
    });
  }
}

/**
 * Runs each product's quality and SLA checks on the schedule its contract declares and records the
 * results. A run never overlaps the previous run of the same product; failures are logged, not thrown.
 */
export class Monitors {
  private readonly jobs: { stop(): void }[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly mesh: Mesh,
    private readonly dataDir: string,
    private readonly log: (message: string) => void = () => undefined,
    /** Raises `check.failed` and `sla.breached` (docs/events.md). */
    private readonly events?: EventRaiser,
  ) {}

  /** Schedules every product of the mesh. */
  start(): void {
    for (const product of this.mesh.products) {
      const schedule = scheduleOf(product);
      const run = () => void this.run(product.address, 'schedule');
      if ('cron' in schedule) {
        try {
          const job = new Cron(schedule.cron, { protect: true }, run);
          this.jobs.push({ stop: () => job.stop() });
          continue;
        } catch {
          this.log(`${product.address}: schedule "${schedule.cron}" is not a cron expression; checking hourly`);
        }
      }
      const timer = setInterval(run, 'everyMs' in schedule ? schedule.everyMs : HOUR);
      timer.unref();
      this.jobs.push({ stop: () => clearInterval(timer) });
    }
  }

  /** Runs the checks of one product now (skipped while its previous run is still going). */
  async run(address: string, trigger: string): Promise<void> {
    if (this.running.has(address)) return;
    this.running.add(address);
    const startedAt = new Date();
    try {
      const [result] = await testMesh(this.mesh, { dataDir: this.dataDir, product: address });
      if (result) await recordTestResult(this.catalog, result, startedAt, trigger, this.events);
    } catch (error) {
      this.log(`monitor of ${address} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running.delete(address);
    }
  }

  stop(): void {
    for (const job of this.jobs.splice(0)) job.stop();
  }
}
