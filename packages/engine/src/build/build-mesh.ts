import type { Diagnostic, Mesh } from '@meshwork/core';
import { resolveLimits } from '../limits.js';
import { type DomainStore, domainStore } from '../storage/domain-store.js';
import { type BuildSelection, planBuild, upstreamOf } from './build-plan.js';
import { buildProduct, type ProductBuildResult } from './build-product.js';
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
}

/** The outcome of a mesh build: one result per product, upstream first. Never throws for bad content. */
export interface MeshBuildResult {
  readonly ok: boolean;
  readonly products: readonly ProductBuildResult[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds the selected products of a mesh in dependency order. A product whose input failed or was skipped
 * is skipped with the reason; an unchanged product is not rebuilt unless `force`.
 */
export async function buildMesh(mesh: Mesh, options: MeshBuildOptions): Promise<MeshBuildResult> {
  const plan = planBuild(mesh, options);
  const domains = new Map(mesh.domains.map((d) => [d.name, d]));
  const defaults = mesh.config?.spec.defaults?.engine;
  const results: ProductBuildResult[] = [];
  const built = new Map<string, { store: DomainStore; manifest: BuildManifest }>();
  const failed = new Map<string, string>();
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
      const upstream = new Map(
        upstreamOf(product).map((a) => [a, built.get(a) as { store: DomainStore; manifest: BuildManifest }]),
      );
      result = await buildProduct({
        product,
        domainDir: domain.dir,
        dataDir: options.dataDir,
        store,
        limits,
        upstream,
        force: options.force ?? false,
      });
      if (result.manifest && result.status !== 'failed')
        built.set(product.address, { store, manifest: result.manifest });
    }
    if (result.status === 'failed' || result.status === 'skipped') failed.set(product.address, result.reason ?? '');
    results.push(result);
    options.onProduct?.({ address: product.address, index, total: plan.length, result });
  }
  const diagnostics = results.flatMap((r) => r.diagnostics);
  return { ok: results.every((r) => r.status === 'built' || r.status === 'unchanged'), products: results, diagnostics };
}

function skipped(address: string, reason: string): ProductBuildResult {
  return { address, status: 'skipped', durationMs: 0, manifest: undefined, reason, diagnostics: [] };
}
