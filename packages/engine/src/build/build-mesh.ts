import { type Diagnostic, diagnostic, type Mesh, meshSourceOf, type Product } from '@meshwork/core';
import { AccountEngineExited } from '../account/account-engine.js';
import { AccountEngines, isShared } from '../account/account-engines.js';
import type { EngineLimits } from '../engine.js';
import { warehouseLocation } from '../iceberg/warehouse.js';
import { resolveLimits } from '../limits.js';
import { type DomainStore, domainStore } from '../storage/domain-store.js';
import { privateScratch } from '../storage/scratch.js';
import { type BuildSelection, planBuild, upstreamOf } from './build-plan.js';
import { buildProduct, type ProductBuildResult, type UpstreamSource } from './build-product.js';
import type { BuildManifest } from './manifest.js';

/** Options of a mesh build. */
export interface MeshBuildOptions extends BuildSelection {
  /** The data directory (stores, manifests, keys); `.meshwork` under the mesh root by default. */
  readonly dataDir: string;
  /** Rebuild even when nothing changed. */
  readonly force?: boolean;
  /** Called before each product starts and after it ends, for progress display. */
  readonly onProduct?: (event: {
    readonly address: string;
    readonly index: number;
    readonly total: number;
    readonly result?: ProductBuildResult;
  }) => void;
  /** The account engines to use (tests pass their own to watch or kill them); started as needed otherwise. */
  readonly accountEngines?: AccountEngines;
  /**
   * The URL the server serves the warehouse at (`<public URL>/iceberg/files`): each product's Iceberg table
   * records `<warehouseUrl>/<domain>/<product>` as its location. Without it, tables record their folder's
   * `file://` URI (readable on this machine only). Changing it starts the tables afresh at the next build.
   */
  readonly warehouseUrl?: string | undefined;
}

/** The outcome of a mesh build: one result per product, upstream first. Never throws for bad content. */
export interface MeshBuildResult {
  readonly ok: boolean;
  readonly products: readonly ProductBuildResult[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds the selected products of a mesh in dependency order, each in its domain's isolation pattern:
 * schema- and workspace-per-domain in this process (an engine per build with the domain's limits),
 * account-per-domain in the domain's own engine process over its encrypted store. A product whose input
 * failed or was skipped is skipped with the reason; an unchanged product is not rebuilt unless `force`.
 */
export async function buildMesh(mesh: Mesh, options: MeshBuildOptions): Promise<MeshBuildResult> {
  const plan = planBuild(mesh, options);
  const domains = new Map(mesh.domains.map((d) => [d.name, d]));
  const defaults = mesh.config?.spec.defaults?.engine;
  const results: ProductBuildResult[] = [];
  const built = new Map<string, { store: DomainStore; manifest: BuildManifest }>();
  const failed = new Set<string>();
  const accounts = options.accountEngines ?? new AccountEngines(options.dataDir);
  const source = plan.some((p) => domains.get(p.domain)?.loaded.spec.isolation === 'account')
    ? meshSourceOf(mesh)
    : undefined;
  let shares: ReturnType<typeof privateScratch> | undefined;
  try {
    for (const [index, product] of plan.entries()) {
      options.onProduct?.({ address: product.address, index, total: plan.length });
      const domain = domains.get(product.domain);
      const blocked = upstreamOf(product).find((address) => failed.has(address) || !built.has(address));
      let result: ProductBuildResult;
      if (!domain) {
        result = skipped(product.address, `its domain ${product.domain} did not validate`);
      } else if (blocked) {
        result = skipped(
          product.address,
          `its input ${blocked} ${failed.has(blocked) ? 'failed to build' : 'is not available'}`,
        );
      } else {
        const pattern = domain.loaded.spec.isolation;
        const store = domainStore(options.dataDir, domain.name, pattern);
        // Schema-per-domain shares compute: the mesh defaults apply. Stronger patterns bring their own limits.
        const limits =
          pattern === 'schema' ? resolveLimits(defaults) : resolveLimits(defaults, domain.loaded.spec.engine);
        const upstream: [string, UpstreamSource][] = [];
        let refused: ProductBuildResult | undefined;
        for (const address of upstreamOf(product)) {
          const u = built.get(address) as { store: DomainStore; manifest: BuildManifest };
          if (u.store.pattern !== 'account' || u.store.domain === product.domain) {
            upstream.push([address, { kind: 'store', store: u.store, manifest: u.manifest }]);
          } else if (!isShared(mesh, address, product.domain)) {
            refused = notShared(product, address, u.store.domain);
            break;
          } else {
            // An account domain's data leaves its engine only as a snapshot of a shared product, in memory.
            shares ??= privateScratch('shares');
            const file = `${shares.dir}/${address}.parquet`;
            await (await accounts.get(u.store.domain)).request({
              type: 'export',
              table: u.manifest.store.table,
              target: file,
            });
            upstream.push([address, { kind: 'snapshot', file, manifest: u.manifest }]);
          }
        }
        if (refused) result = refused;
        else if (pattern === 'account' && source) {
          result = await buildInAccount(
            accounts,
            product,
            domain.dir,
            limits,
            upstream,
            options.force ?? false,
            source,
          );
        } else {
          result = await buildProduct({
            product,
            domainDir: domain.dir,
            dataDir: options.dataDir,
            store,
            limits,
            upstream: new Map(upstream),
            force: options.force ?? false,
            tableLocation: warehouseLocation(options.dataDir, product.address, options.warehouseUrl),
          });
        }
        if (result.manifest && result.status !== 'failed')
          built.set(product.address, { store, manifest: result.manifest });
      }
      if (result.status === 'failed' || result.status === 'skipped') failed.add(product.address);
      results.push(result);
      options.onProduct?.({ address: product.address, index, total: plan.length, result });
    }
  } finally {
    if (!options.accountEngines) await accounts.closeAll();
    shares?.dispose();
  }
  const diagnostics = results.flatMap((r) => r.diagnostics);
  return { ok: results.every((r) => r.status === 'built' || r.status === 'unchanged'), products: results, diagnostics };
}

async function buildInAccount(
  accounts: AccountEngines,
  product: Product,
  domainDir: string,
  limits: EngineLimits,
  upstream: [string, UpstreamSource][],
  force: boolean,
  source: ReturnType<typeof meshSourceOf>,
): Promise<ProductBuildResult> {
  const started = performance.now();
  try {
    const engine = await accounts.get(product.domain);
    return (await engine.request({
      type: 'build',
      source,
      address: product.address,
      domainDir,
      limits,
      upstream,
      force,
    })) as ProductBuildResult;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const crashed = error instanceof Error && error.name === AccountEngineExited.name;
    return {
      address: product.address,
      status: 'failed',
      durationMs: Math.round(performance.now() - started),
      manifest: undefined,
      reason: message,
      diagnostics: [
        diagnostic({
          code: crashed ? 'build-engine-crashed' : 'build-failed',
          severity: 'error',
          file: product.loaded.yaml.file.path,
          message,
          hint: crashed
            ? `The domain's engine process ended; other domains were not affected. Check engine.memoryLimit in domains/${product.domain}/domain.yaml and rebuild.`
            : null,
        }),
      ],
    };
  }
}

function notShared(product: Product, address: string, owner: string): ProductBuildResult {
  const { yaml, spec } = product.loaded;
  const index = (spec.inputPorts ?? []).findIndex((p) => p.product === address);
  const reason = `${address} lives in account-per-domain domain ${owner} and is not shared with ${product.domain}`;
  return {
    address: product.address,
    status: 'failed',
    durationMs: 0,
    manifest: undefined,
    reason,
    diagnostics: [
      diagnostic({
        code: 'build-not-shared',
        severity: 'error',
        file: yaml.file.path,
        position: yaml.locate(['inputPorts', Math.max(index, 0), 'product']),
        message: reason,
        hint: `Ask the ${owner} domain to add \`shares: [{ product: ${address.split('.')[1]}, with: [${product.domain}] }]\` to domains/${owner}/domain.yaml.`,
      }),
    ],
  };
}

function skipped(address: string, reason: string): ProductBuildResult {
  return { address, status: 'skipped', durationMs: 0, manifest: undefined, reason, diagnostics: [] };
}
