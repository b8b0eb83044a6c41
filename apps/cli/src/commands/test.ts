import { existsSync, statSync, writeFileSync } from 'node:fs';
import { parseAddress } from '@meshwork/core';
import { isBlocking, type ProductTestResult, testMesh } from '@meshwork/engine';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { checkTable } from '../io/check-table.js';
import { toJUnit } from '../io/junit.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { diagnosticJson, diagnosticLines, plural } from '../io/print-diagnostics.js';
import { createProgress } from '../io/progress.js';
import { absolute } from '../io/read-source.js';
import { reportInvalid } from './build.js';
import { testContractCommand } from './test-contract.js';

/** A file to test on its own: an ODCS contract given by path (a mesh is given by its folder). */
function isContractPath(path: string): boolean {
  const full = absolute(path);
  return (
    existsSync(full) &&
    statSync(full).isFile() &&
    /\.(ya?ml|json)$/.test(full) &&
    !/(^|[/\\])(product|domain|meshwork)\.yaml$/.test(full)
  );
}

/** Flags of `meshwork test`. */
export interface TestFlags {
  readonly server?: string;
  readonly product?: string;
  readonly domain?: string;
  readonly json?: boolean;
  readonly junit?: string;
  readonly dataDir?: string;
}

/**
 * `meshwork test [PATH] [--product D.P] [--json] [--junit FILE]`: runs the quality and SLA checks of built
 * products. Exit 1 when an error-severity check fails or a check cannot run.
 */
export async function testCommand(path: string | undefined, flags: TestFlags): Promise<number> {
  if (path !== undefined && isContractPath(path)) return testContractCommand(path, flags);
  if (flags.server !== undefined)
    throw new UsageError('--server applies to a contract file: meshwork test CONTRACT.odcs.yaml --server NAME');
  if (flags.product !== undefined && !parseAddress(flags.product)) {
    throw new UsageError(`--product takes an address domain.product, not "${flags.product}"`);
  }
  const loaded = await loadMeshAt(path ?? '.', flags.dataDir);
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  if (flags.product && !loaded.mesh.products.some((p) => p.address === flags.product)) {
    throw new UsageError(
      `product ${flags.product} is not in this mesh; it has ${loaded.mesh.products.map((p) => p.address).join(', ')}`,
    );
  }
  let progress = createProgress('testing', 0, false);
  const results = await testMesh(loaded.mesh, {
    dataDir: loaded.dataDir,
    ...(flags.product ? { product: flags.product } : {}),
    ...(flags.domain ? { domain: flags.domain } : {}),
    onProduct: ({ address, index, total, done }) => {
      if (index === 0 && !done) progress = createProgress('testing', total, !flags.json);
      if (done) progress.tick(address);
    },
  });
  progress.done();
  const ok = results.every((p) => p.reason === undefined && !p.results.some(isBlocking));
  if (flags.junit)
    writeFileSync(
      absolute(flags.junit),
      toJUnit(results.map((p) => ({ name: p.address, results: p.results, error: p.reason }))),
    );
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ok, products: results.map(productJson) }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  for (const p of results) {
    const passed = p.results.filter((r) => r.status === 'passed').length;
    const head = `${pc.bold(p.address)}  ${p.rows === null ? '' : `${p.rows.toLocaleString('en-US')} rows, `}${passed}/${plural(p.results.length, 'check')} passed`;
    const cost = `statistics ${p.timings.statisticsMs.toFixed(1)} ms, fused scan ${p.timings.fusedScanMs.toFixed(1)} ms, queries ${p.timings.queriesMs.toFixed(1)} ms`;
    lines.push(`${head}  ${pc.dim(cost)}`);
    if (p.reason) lines.push(`  ${pc.red('✖')} ${p.reason}`);
    if (p.results.length > 0) lines.push(...checkTable(p.results));
    lines.push(...diagnosticLines(p.diagnostics, '  '), '');
  }
  const all = results.flatMap((p) => p.results);
  const failed = all.filter(isBlocking).length;
  const warned = all.filter((r) => r.status === 'failed' && r.severity !== 'error').length;
  const summary = `${plural(results.length, 'product')}, ${plural(all.length, 'check')}: ${all.length - failed - warned} passed, ${failed} failed, ${warned} warnings`;
  lines.push(ok ? pc.green(`✔ ${summary}`) : pc.red(`✖ ${summary}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}

function productJson(p: ProductTestResult) {
  return {
    address: p.address,
    rows: p.rows,
    reason: p.reason ?? null,
    timings: p.timings,
    checks: p.results.map((r) => ({
      id: r.id,
      kind: r.kind,
      object: r.object,
      columns: r.columns,
      dimension: r.dimension,
      description: r.description,
      severity: r.severity,
      origin: r.origin,
      expected: r.expected,
      actual: r.actual,
      unit: r.unit,
      status: r.status,
      method: r.method,
      durationMs: r.durationMs,
      reason: r.reason ?? null,
      file: r.file,
      line: r.position.line,
      column: r.position.column,
    })),
    diagnostics: p.diagnostics.map(diagnosticJson),
  };
}
