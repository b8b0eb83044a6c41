import { type Catalog, recordStorageSample } from '@meshwork/catalog';
import type { Mesh } from '@meshwork/core';
import { readManifest } from '@meshwork/engine';
import { Cron } from 'croner';

/** When the daily sample is taken: five past midnight, UTC (a restart samples again; the last sample of a day wins). */
export const STORAGE_SAMPLE_CRON = '5 0 * * *';

/**
 * The stored bytes of each producing domain: the `bytes` of the latest build manifest of each of its
 * products. Domains none of whose products was ever built are left out (nothing is stored).
 */
export function storageByDomain(dataDir: string, mesh: Mesh): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const product of mesh.products) {
    const manifest = readManifest(dataDir, product.address);
    if (!manifest) continue;
    bytes.set(product.domain, (bytes.get(product.domain) ?? 0) + manifest.bytes);
  }
  return bytes;
}

/** Records today's (UTC) storage sample of every producing domain; returns what it recorded. */
export async function sampleStorage(
  catalog: Catalog,
  plane: { readonly dataDir: string; readonly mesh: Mesh },
  now: Date = new Date(),
): Promise<ReadonlyMap<string, number>> {
  const bytes = storageByDomain(plane.dataDir, plane.mesh);
  await recordStorageSample(catalog.db, now.toISOString().slice(0, 10), bytes);
  return bytes;
}

/**
 * Samples the storage of the mesh at start and daily ({@link STORAGE_SAMPLE_CRON}), for chargeback.
 * A sample never overlaps the previous one; failures are logged, not thrown. `stop()` waits for a sample
 * in flight, so the catalog can be closed after it.
 */
export class StorageSampler {
  private job: Cron | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly plane: { readonly dataDir: string; readonly mesh: Mesh },
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  start(): void {
    this.job = new Cron(STORAGE_SAMPLE_CRON, { protect: true, timezone: 'UTC' }, () => void this.sample());
    void this.sample();
  }

  /** Takes a sample now (skipped while the previous one is still running). */
  sample(): Promise<void> {
    this.running ??= sampleStorage(this.catalog, this.plane)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.log(`storage sample failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    await this.running;
  }
}
