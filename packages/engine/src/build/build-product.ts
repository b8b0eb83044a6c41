import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Diagnostic, diagnostic, type Product } from '@meshwork/core';
import { qualified, quoteIdentifier, quoteLiteral } from '../duckdb/duckdb-dialect.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import type { Engine, EngineLimits } from '../engine.js';
import { commitProductSnapshot, warehouseTableAt, warehouseTableDir } from '../iceberg/warehouse.js';
import type { DomainStore } from '../storage/domain-store.js';
import { type BuildManifest, readManifest, writeManifest } from './manifest.js';
import { type ResolvedSource, readSourceSql, resolveSource } from './sources.js';
import { analyzeSelect, positionAt } from './sql-analysis.js';
import { checkConformance, contractObjectFor } from './type-conformance.js';

/** How one product's build ended. */
export type BuildStatus = 'built' | 'unchanged' | 'failed' | 'skipped';

/** The outcome of building one product. Never thrown: failures are a status with diagnostics. */
export interface ProductBuildResult {
  readonly address: string;
  readonly status: BuildStatus;
  readonly durationMs: number;
  readonly manifest: BuildManifest | undefined;
  /** Why it failed or was skipped, in one sentence. */
  readonly reason: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Where a build reads an upstream product: its store (attached read-only), or a Parquet snapshot that an
 * account-per-domain domain exported through an explicit share.
 */
export type UpstreamSource =
  | { readonly kind: 'store'; readonly store: DomainStore; readonly manifest: BuildManifest }
  | { readonly kind: 'snapshot'; readonly file: string; readonly manifest: BuildManifest };

/** Everything the build of one product needs to know about the mesh around it. Plain data. */
export interface ProductBuildContext {
  readonly product: Product;
  readonly domainDir: string;
  readonly dataDir: string;
  /** Where the output is written. */
  readonly store: DomainStore;
  /** The store file recorded in the manifest, when it differs from where the build writes (an encrypted store). */
  readonly recordedStoreFile?: string;
  readonly limits: EngineLimits;
  /** Each upstream product, already built. */
  readonly upstream: ReadonlyMap<string, UpstreamSource>;
  readonly force: boolean;
  /**
   * The location the product's Iceberg table records (`warehouseLocation`); a successful build commits its
   * rows there as a new snapshot. Undefined writes no table (account-per-domain products stay encrypted).
   */
  readonly tableLocation?: string | undefined;
}

/** Table functions a transform may use: they compute, they do not read files. */
const PURE_TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

/**
 * Builds one product: resolves (and if needed generates) its sources, skips the work when nothing it reads
 * changed, checks that its transform reads only declared inputs, runs it in an engine with the domain's
 * limits, checks the result against the contract and commits it atomically — a failed build leaves the
 * previous table in place.
 */
export async function buildProduct(ctx: ProductBuildContext): Promise<ProductBuildResult> {
  const started = performance.now();
  const { product } = ctx;
  const spec = product.loaded.spec;
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (reason: string, diagnostics: Diagnostic[] = []): ProductBuildResult => ({
    address: product.address,
    status: 'failed',
    durationMs: elapsed(),
    manifest: undefined,
    reason,
    diagnostics: diagnostics.length > 0 ? diagnostics : [productDiagnostic(product, 'build-failed', reason)],
  });

  const transformName = spec.build?.transform ?? 'build.sql';
  const transformFile = resolve(product.dir, transformName);
  const transformPath = join(product.dir, transformName);
  if (!existsSync(transformFile)) {
    return fail(`product ${product.address} has no transform: ${transformPath} does not exist`);
  }
  const transform = readFileSync(transformFile, 'utf8');

  let helper: Engine | undefined;
  const helperEngine = async () => {
    helper ??= await DuckDBEngine.open(ctx.limits);
    return helper;
  };
  const sources = new Map<string, ResolvedSource>();
  try {
    for (const port of spec.inputPorts ?? []) {
      if (!port.source) continue;
      try {
        sources.set(port.name, await resolveSource(ctx.domainDir, port.source, helperEngine));
      } catch (error) {
        return fail(`input port "${port.name}": ${messageOf(error)}`);
      }
    }
  } finally {
    helper?.close();
  }

  const inputs = Object.fromEntries([...ctx.upstream].map(([address, u]) => [address, u.manifest.contentHash]));
  const inputHash = createHash('sha256')
    .update(
      JSON.stringify({
        descriptor: product.loaded.yaml.file.text,
        contracts: product.contracts.map((c) => c.yaml.file.text),
        transform,
        sources: [...sources].map(([name, s]) => [name, s.fingerprint]),
        inputs,
        store: { ...ctx.store, file: ctx.recordedStoreFile ?? ctx.store.file },
      }),
    )
    .digest('hex');
  const previous = readManifest(ctx.dataDir, product.address);
  const tableDir = warehouseTableDir(ctx.dataDir, product.address);
  if (
    !ctx.force &&
    previous?.inputHash === inputHash &&
    existsSync(ctx.recordedStoreFile ?? ctx.store.file) &&
    (ctx.tableLocation === undefined || (await warehouseTableAt(tableDir, ctx.tableLocation)))
  ) {
    return {
      address: product.address,
      status: 'unchanged',
      durationMs: elapsed(),
      manifest: previous,
      reason: undefined,
      diagnostics: [],
    };
  }

  const contract = product.contracts.find((c) => c.spec.id === spec.outputPorts[0]?.contractId);
  const target = contract ? contractObjectFor(contract, spec.id) : undefined;
  if (!contract || !target) return fail(`product ${product.address} has no contract object to build against`);

  mkdirSync(dirname(ctx.store.file), { recursive: true });
  const tempDirectory = join(ctx.dataDir, 'tmp');
  mkdirSync(tempDirectory, { recursive: true });
  const engine = await DuckDBEngine.open(ctx.limits, { tempDirectory });
  try {
    const analysis = await analyzeSelect(engine, transform);
    const located = (offset: number | undefined) => (offset === undefined ? undefined : positionAt(transform, offset));
    if (!analysis.ok) {
      return fail(`${transformPath}: ${analysis.message}`, [
        diagnostic({
          code: 'build-sql-syntax',
          severity: 'error',
          file: transformPath,
          position: located(analysis.offset),
          message: analysis.message,
          hint: 'The transform is one DuckDB SELECT (WITH and set operations allowed) reading inputs by address.',
        }),
      ]);
    }
    const declared = new Set(ctx.upstream.keys());
    const problems: Diagnostic[] = [];
    for (const relation of analysis.relations) {
      const position = located(relation.offset);
      if (relation.cte || (!relation.catalog && !relation.schema && sources.has(relation.table))) continue;
      const address = relation.catalog
        ? `${relation.catalog}.${relation.schema}.${relation.table}`
        : `${relation.schema}.${relation.table}`;
      if (!relation.catalog && declared.has(address)) continue;
      problems.push(
        diagnostic({
          code: 'build-undeclared-input',
          severity: 'error',
          file: transformPath,
          position,
          message: relation.schema
            ? `the transform reads ${address}, which is not an input port of ${product.address}`
            : `the transform reads "${relation.table}", which is neither an input port nor a CTE`,
          hint: relation.schema
            ? `Declare it in product.yaml: inputPorts: [{ name: ${relation.table}, product: ${address} }].`
            : `Inputs are read by address (domain.product) or by the name of a source input port: ${[...declared, ...sources.keys()].join(', ') || 'none declared'}.`,
        }),
      );
    }
    for (const fn of analysis.tableFunctions) {
      if (PURE_TABLE_FUNCTIONS.has(fn.name.toLowerCase())) continue;
      problems.push(
        diagnostic({
          code: 'build-table-function',
          severity: 'error',
          file: transformPath,
          position: located(fn.offset),
          message: `the transform calls ${fn.name}(); transforms read files only through source input ports`,
          hint: 'Declare the file as an input port with `source: { path, format }` and read it by the port name.',
        }),
      );
    }
    if (problems.length > 0) return fail(`the transform of ${product.address} reads undeclared inputs`, problems);

    const aliases = new Map<string, string>([[ctx.store.file, 'mw_out']]);
    await engine.run(`ATTACH ${quoteLiteral(ctx.store.file)} AS mw_out`);
    for (const [address, upstream] of ctx.upstream) {
      const [domain, table] = address.split('.') as [string, string];
      let from: string;
      if (upstream.kind === 'snapshot') {
        from = `read_parquet(${quoteLiteral(upstream.file)})`;
      } else {
        let alias = aliases.get(upstream.store.file);
        if (!alias) {
          alias = `mw_in_${aliases.size}`;
          aliases.set(upstream.store.file, alias);
          await engine.run(`ATTACH ${quoteLiteral(upstream.store.file)} AS ${alias} (READ_ONLY)`);
        }
        from = qualified(alias, upstream.store.schema, table);
      }
      await engine.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(domain)}`);
      await engine.run(`CREATE OR REPLACE VIEW ${qualified(domain, table)} AS SELECT * FROM ${from}`);
    }
    for (const port of spec.inputPorts ?? []) {
      const source = port.source && sources.get(port.name);
      if (!port.source || !source) continue;
      await engine.run(
        `CREATE OR REPLACE VIEW ${quoteIdentifier(port.name)} AS SELECT * FROM ${readSourceSql(source, port.source.format)}`,
      );
    }

    const output = qualified('mw_out', ctx.store.schema, spec.id);
    await engine.run(`CREATE SCHEMA IF NOT EXISTS ${qualified('mw_out', ctx.store.schema)}`);
    await engine.run('BEGIN TRANSACTION');
    try {
      await engine.run(`CREATE OR REPLACE TABLE ${output} AS (\n${transform.trim().replace(/;\s*$/, '')}\n)`);
      const columns = (await engine.query(`DESCRIBE ${output}`)).map((r) => ({
        name: String(r.column_name),
        type: String(r.column_type),
      }));
      const conformance = checkConformance(contract, target.index, target.object, columns);
      if (conformance.some((d) => d.severity === 'error')) {
        await engine.run('ROLLBACK');
        return fail(`${product.address} does not match its contract`, conformance);
      }
      const [stats] = await engine.query(
        `SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR AS h FROM ${output} AS t`,
      );
      await engine.run('COMMIT');
      await engine.run('CHECKPOINT mw_out');
      // Only a build that passed its contract check gets here, so a failed build leaves the previous
      // snapshot current. Should this commit fail, no manifest is written and the next build retries.
      const tableWarnings =
        ctx.tableLocation === undefined
          ? []
          : await commitTable(engine, product, tableDir, ['mw_out', ctx.store.schema, spec.id], ctx.tableLocation);
      // Storage blocks the table occupies in its database file (DuckDB blocks are 256 KiB).
      const [size] = await engine.query(
        `SELECT count(DISTINCT block_id) * 262144 AS bytes FROM pragma_storage_info(?) WHERE persistent`,
        [`mw_out.${ctx.store.schema}.${spec.id}`],
      );
      const manifest: BuildManifest = {
        address: product.address,
        version: spec.version,
        pattern: ctx.store.pattern,
        store: { file: ctx.recordedStoreFile ?? ctx.store.file, table: `${ctx.store.schema}.${spec.id}` },
        builtAt: new Date().toISOString(),
        durationMs: elapsed(),
        rows: Number(stats?.n ?? 0),
        bytes: Number(size?.bytes ?? 0),
        inputHash,
        contentHash: String(stats?.h ?? '0'),
        inputs,
        columns,
      };
      writeManifest(ctx.dataDir, manifest);
      return {
        address: product.address,
        status: 'built',
        durationMs: manifest.durationMs,
        manifest,
        reason: undefined,
        diagnostics: [...conformance, ...tableWarnings],
      };
    } catch (error) {
      await engine.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } catch (error) {
    const message = messageOf(error);
    return fail(`build of ${product.address} failed: ${message}`, [
      diagnostic({
        code: error instanceof Error && error.name === 'QueryTimeoutError' ? 'build-timeout' : 'build-sql-error',
        severity: 'error',
        file: transformPath,
        message,
        hint:
          error instanceof Error && error.name === 'QueryTimeoutError'
            ? `Raise engine.queryTimeout in the domain (now ${ctx.limits.queryTimeoutMs} ms) or make the transform cheaper.`
            : /Out of Memory/i.test(message)
              ? `The domain's engine may use ${Math.round(ctx.limits.memoryBytes / 1e6)} MB (engine.memoryLimit in domain.yaml).`
              : 'Fix the transform; the previous build of this product is still in place.',
      }),
    ]);
  } finally {
    engine.close();
  }
}

/**
 * Commits the built table as the product's Iceberg snapshot. A column Iceberg cannot store (HUGEINT, nested
 * types) does not fail a build that the contract accepts: the product stays readable through the gateway,
 * its Iceberg table is removed so that no reader sees rows older than the store, and a warning says why.
 */
async function commitTable(
  engine: Engine,
  product: Product,
  tableDir: string,
  sourceTable: readonly string[],
  location: string,
): Promise<Diagnostic[]> {
  try {
    await commitProductSnapshot({ engine, tableDir, sourceTable, location });
    return [];
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'InputError') throw error;
    await rm(tableDir, { recursive: true, force: true });
    return [
      diagnostic({
        code: 'build-iceberg-skipped',
        severity: 'warning',
        file: product.loaded.yaml.file.path,
        message: `${product.address} has no Iceberg table: ${messageOf(error)}`,
        hint: 'Cast the column in the transform; the product is still read through the SQL gateway.',
      }),
    ];
  }
}

function productDiagnostic(product: Product, code: string, message: string): Diagnostic {
  return diagnostic({ code, severity: 'error', file: product.loaded.yaml.file.path, message, hint: null });
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? String(error);
}
