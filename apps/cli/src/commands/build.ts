import { parseAddress } from '@meshwork/core';
import { buildMesh, type ProductBuildResult } from '@meshwork/engine';
import { icebergFilesUrl, PUBLIC_URL_ENV } from '@meshwork/server';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { claimDataDir } from '../io/data-dir.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { diagnosticJson, diagnosticLines, plural } from '../io/print-diagnostics.js';
import { createProgress } from '../io/progress.js';

/** Flags of `meshwork build`. */
export interface BuildFlags {
  readonly domain?: string;
  readonly product?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly dataDir?: string;
}

const SYMBOL: Record<ProductBuildResult['status'], string> = {
  built: pc.green('✔'),
  unchanged: pc.dim('='),
  failed: pc.red('✖'),
  skipped: pc.yellow('↷'),
};

/**
 * `meshwork build [PATH] [--domain D] [--product D.P] [--force] [--json]`: builds products in dependency
 * order, only what changed unless --force. Exit 1 when a build failed or the mesh does not validate.
 */
export async function buildCommand(path: string | undefined, flags: BuildFlags): Promise<number> {
  if (flags.product !== undefined && !parseAddress(flags.product)) {
    throw new UsageError(`--product takes an address domain.product, not "${flags.product}"`);
  }
  const loaded = await loadMeshAt(path ?? '.', flags.dataDir);
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  const known = (list: readonly string[], value: string | undefined, what: string) => {
    if (value !== undefined && !list.includes(value)) {
      throw new UsageError(`${what} ${value} is not in this mesh; it has ${list.join(', ')}`);
    }
  };
  known(
    loaded.mesh.domains.map((d) => d.name),
    flags.domain,
    'domain',
  );
  known(
    loaded.mesh.products.map((p) => p.address),
    flags.product,
    'product',
  );

  // Refused (exit 2) while a server holds the data directory: replacing its stores breaks its queries.
  const claimed = claimDataDir(loaded.dataDir, 'build');
  const started = performance.now();
  let progress = createProgress('building', 0, false);
  const result = await buildMesh(loaded.mesh, {
    dataDir: loaded.dataDir,
    force: flags.force ?? false,
    // Tables served by a server at MESHWORK_PUBLIC_URL record it; otherwise their folders' file:// URIs.
    ...(process.env[PUBLIC_URL_ENV] ? { warehouseUrl: icebergFilesUrl(process.env[PUBLIC_URL_ENV]) } : {}),
    ...(flags.domain ? { domain: flags.domain } : {}),
    ...(flags.product ? { product: flags.product } : {}),
    onProduct: ({ address, index, total, result }) => {
      if (index === 0 && !result) progress = createProgress('building', total, !flags.json);
      if (result) progress.tick(address);
    },
  }).finally(() => claimed.release());
  progress.done();
  const seconds = (performance.now() - started) / 1000;

  if (flags.json) {
    const body = {
      ok: result.ok,
      products: result.products.map((p) => ({
        address: p.address,
        status: p.status,
        durationMs: p.durationMs,
        rows: p.manifest?.rows ?? null,
        bytes: p.manifest?.bytes ?? null,
        reason: p.reason ?? null,
      })),
      diagnostics: result.diagnostics.map(diagnosticJson),
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  const width = Math.max(...result.products.map((p) => p.address.length), 10);
  const lines = [
    pc.bold(`Building ${loaded.mesh.config?.spec.name ?? loaded.root}: ${plural(result.products.length, 'product')}`),
  ];
  for (const p of result.products) {
    const detail =
      p.status === 'built' || p.status === 'unchanged'
        ? `${(p.manifest?.rows ?? 0).toLocaleString('en-US').padStart(11)} rows  ${(p.durationMs / 1000).toFixed(1)} s`
        : (p.reason ?? '');
    lines.push(`  ${SYMBOL[p.status]} ${p.address.padEnd(width)}  ${p.status.padEnd(9)}  ${detail}`);
    if (p.status === 'failed' || p.diagnostics.length > 0) lines.push(...diagnosticLines(p.diagnostics, '      '));
  }
  const count = (s: ProductBuildResult['status']) => result.products.filter((p) => p.status === s).length;
  const summary = `${count('built')} built, ${count('unchanged')} unchanged, ${count('failed')} failed, ${count('skipped')} skipped in ${seconds.toFixed(1)} s`;
  lines.push(result.ok ? pc.green(`✔ ${summary}`) : pc.red(`✖ ${summary}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.ok ? 0 : 1;
}

/** Prints the validation findings that stop a data command, exit 1. */
export function reportInvalid(diagnostics: Parameters<typeof diagnosticLines>[0], json: boolean | undefined): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: false, diagnostics: diagnostics.map(diagnosticJson) }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${[...diagnosticLines(diagnostics), pc.red('✖ the mesh does not validate; fix the errors above first (meshwork validate)')].join('\n')}\n`,
    );
  }
  return 1;
}
