import type { Mesh } from '@meshwork/core';
import {
  type AccountEngines,
  type BuildManifest,
  type GatewaySource,
  isShared,
  privateScratch,
  readManifest,
} from '@meshwork/engine';

/** Where the gateway reads a product for one consumer domain, or why it cannot. */
export type ProductSourceResolution =
  | { readonly ok: true; readonly source: GatewaySource; readonly manifest: BuildManifest }
  | { readonly ok: false; readonly status: 403 | 409; readonly message: string };

/**
 * Resolves the store behind a product address for a consumer: schema- and workspace-per-domain stores are
 * attached read-only; an account-per-domain product is read only through a share with the consumer's
 * domain (or by its own domain), as a Parquet snapshot its own engine process exports into memory. A
 * snapshot is reused while the product's content hash is unchanged.
 */
export class ProductSources {
  private scratch: ReturnType<typeof privateScratch> | undefined;
  private readonly snapshots = new Map<string, { contentHash: string; file: string }>();

  constructor(
    private readonly dataDir: string,
    private readonly mesh: Mesh,
    private readonly accounts: AccountEngines,
  ) {}

  async resolve(address: string, consumerDomain: string | null): Promise<ProductSourceResolution> {
    const manifest = readManifest(this.dataDir, address);
    if (!manifest) {
      return { ok: false, status: 409, message: `${address} has not been built yet; nothing can be read from it` };
    }
    if (manifest.pattern !== 'account') {
      return { ok: true, manifest, source: { kind: 'store', file: manifest.store.file, table: manifest.store.table } };
    }
    const owner = address.split('.')[0] as string;
    if (consumerDomain !== owner && !(consumerDomain && isShared(this.mesh, address, consumerDomain))) {
      return {
        ok: false,
        status: 403,
        message: `${address} lives in account-per-domain domain ${owner} and is read only through its shares, which do not include ${consumerDomain ?? 'users of no domain'}; ask ${owner} to add a share in domains/${owner}/domain.yaml`,
      };
    }
    const cached = this.snapshots.get(address);
    if (cached?.contentHash === manifest.contentHash)
      return { ok: true, manifest, source: { kind: 'parquet', file: cached.file } };
    this.scratch ??= privateScratch('gateway');
    const file = `${this.scratch.dir}/${address}-${manifest.contentHash.replace(/[^0-9a-z-]/gi, '')}.parquet`;
    await (await this.accounts.get(owner)).request({ type: 'export', table: manifest.store.table, target: file });
    this.snapshots.set(address, { contentHash: manifest.contentHash, file });
    return { ok: true, manifest, source: { kind: 'parquet', file } };
  }

  /** Stops the account engines and wipes the snapshots. */
  async close(): Promise<void> {
    await this.accounts.closeAll();
    this.scratch?.dispose();
  }
}
