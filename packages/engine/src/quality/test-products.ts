import { type Diagnostic, diagnostic, type Mesh, meshSourceOf, type Product } from '@meshwork/core';
import { AccountEngines } from '../account/account-engines.js';
import { readManifest } from '../build/manifest.js';
import { contractObjectFor } from '../build/type-conformance.js';
import { quoteIdentifier } from '../duckdb/duckdb-dialect.js';
import { resolveLimits } from '../limits.js';
import type { CheckResult } from './check-result.js';
import { checksFromContract } from './checks-from-contract.js';
import { type RunChecksOptions, runChecks, type TableCheckRun } from './run-checks.js';
import { openSandbox } from './sandbox.js';

/** The checks of one product: results, rows, timings, and findings about rules that could not run. */
export interface ProductTestResult {
  readonly address: string;
  readonly rows: number | null;
  readonly results: readonly CheckResult[];
  readonly timings: TableCheckRun['timings'];
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the product could not be tested at all (never built). */
  readonly reason: string | undefined;
}

/** Options of a mesh test run. */
export interface TestMeshOptions extends RunChecksOptions {
  readonly dataDir: string;
  readonly product?: string;
  readonly domain?: string;
  readonly onProduct?: (event: {
    readonly address: string;
    readonly index: number;
    readonly total: number;
    readonly done: boolean;
  }) => void;
}

/**
 * Runs the quality checks and SLA checks of built products, each in a sandboxed engine that can read only
 * that product's table. Returns one result per product; never throws for bad data or bad checks.
 */
export async function testMesh(mesh: Mesh, options: TestMeshOptions): Promise<ProductTestResult[]> {
  const domains = new Map(mesh.domains.map((d) => [d.name, d]));
  const selected = mesh.products
    .filter(
      (p) =>
        (options.product === undefined || p.address === options.product) &&
        (options.domain === undefined || p.domain === options.domain),
    )
    .sort((a, b) => a.address.localeCompare(b.address));
  const out: ProductTestResult[] = [];
  const accounts = new AccountEngines(options.dataDir);
  const source = meshSourceOf(mesh);
  const { onProduct: _, ...plain } = options;
  try {
    for (const [index, product] of selected.entries()) {
      options.onProduct?.({ address: product.address, index, total: selected.length, done: false });
      const domain = domains.get(product.domain);
      const limits = resolveLimits(mesh.config?.spec.defaults?.engine, domain?.loaded.spec.engine);
      if (domain?.loaded.spec.isolation === 'account' && readManifest(options.dataDir, product.address)) {
        // An account domain's data is decrypted only inside its own engine process: its checks run there.
        const engine = await accounts.get(product.domain);
        out.push(
          (await engine.request({
            type: 'test',
            source,
            address: product.address,
            limits,
            options: plain,
          })) as ProductTestResult,
        );
      } else out.push(await testProduct(product, limits, options));
      options.onProduct?.({ address: product.address, index, total: selected.length, done: true });
    }
  } finally {
    await accounts.closeAll();
  }
  return out;
}

/**
 * Runs the checks of one built product. `storeFile` overrides where its table is read (the decrypted copy
 * inside an account-per-domain engine process).
 */
export async function testProduct(
  product: Product,
  limits: ReturnType<typeof resolveLimits>,
  options: Omit<TestMeshOptions, 'onProduct'>,
  storeFile?: string,
): Promise<ProductTestResult> {
  const empty = { statisticsMs: 0, fusedScanMs: 0, queriesMs: 0 };
  const manifest = readManifest(options.dataDir, product.address);
  if (!manifest) {
    return {
      address: product.address,
      rows: null,
      results: [],
      timings: empty,
      diagnostics: [],
      reason: `${product.address} has not been built; run meshwork build first`,
    };
  }
  const contract = product.contracts.find((c) => c.spec.id === product.loaded.spec.outputPorts[0]?.contractId);
  const target = contract && contractObjectFor(contract, product.id);
  if (!contract || !target) {
    return {
      address: product.address,
      rows: null,
      results: [],
      timings: empty,
      diagnostics: [],
      reason: 'no contract object to check',
    };
  }
  const { checks, diagnostics } = checksFromContract(contract, target.index);
  const name = target.object.name;
  let engine: Awaited<ReturnType<typeof openSandbox>> | undefined;
  try {
    engine = await openSandbox(limits, [
      { name, kind: 'store', file: storeFile ?? manifest.store.file, table: manifest.store.table },
    ]);
    const run = await runChecks(engine, quoteIdentifier(name), name, checks, options);
    return {
      address: product.address,
      rows: run.rows,
      results: run.results,
      timings: run.timings,
      diagnostics,
      reason: undefined,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      address: product.address,
      rows: null,
      results: [],
      timings: empty,
      diagnostics: [
        ...diagnostics,
        diagnostic({
          code: 'test-failed',
          severity: 'error',
          file: product.loaded.yaml.file.path,
          message: `cannot open ${product.address}: ${message}`,
          hint: 'Rebuild the product with meshwork build --force.',
        }),
      ],
      reason: `cannot open ${product.address}: ${message}`,
    };
  } finally {
    engine?.close();
  }
}
