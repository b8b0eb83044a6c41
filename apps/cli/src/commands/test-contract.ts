import { writeFileSync } from 'node:fs';
import { hasErrors, isReadFailure, validateContract } from '@meshwork/core';
import { isBlocking, ServerSelectionError, testContract } from '@meshwork/engine';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { checkTable } from '../io/check-table.js';
import { toJUnit } from '../io/junit.js';
import { diagnosticJson, diagnosticLines, plural } from '../io/print-diagnostics.js';
import { absolute, readSource } from '../io/read-source.js';

/**
 * `meshwork test CONTRACT.odcs.yaml [--server NAME]`: tests any ODCS contract against the data its servers
 * entry names. Schema findings are warnings here (validate stays strict) unless the contract cannot be read.
 */
export async function testContractCommand(
  path: string,
  flags: { readonly server?: string; readonly json?: boolean; readonly junit?: string },
): Promise<number> {
  const source = await readSource(absolute(path));
  if (isReadFailure(source)) return printFailure([source], flags.json);
  const { contract, diagnostics } = validateContract(source, { lenient: true });
  if (!contract || hasErrors(diagnostics)) return printFailure(diagnostics, flags.json);
  let result: Awaited<ReturnType<typeof testContract>>;
  try {
    result = await testContract(contract, flags.server === undefined ? {} : { server: flags.server });
  } catch (error) {
    if (error instanceof Error && error.name === ServerSelectionError.name) throw new UsageError(error.message);
    throw error;
  }
  const all = [...diagnostics, ...result.diagnostics];
  const checks = result.objects.flatMap((o) => o.results);
  const ok = !hasErrors(result.diagnostics) && !checks.some(isBlocking);
  if (flags.junit) {
    writeFileSync(
      absolute(flags.junit),
      toJUnit(result.objects.map((o) => ({ name: o.object, results: o.results, error: undefined }))),
    );
  }
  if (flags.json) {
    const body = {
      ok,
      server: result.server,
      objects: result.objects.map((o) => ({ object: o.object, rows: o.rows, timings: o.timings, checks: o.results })),
      diagnostics: all.map(diagnosticJson),
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines = [pc.bold(`Testing ${path} on server ${result.server}`)];
  for (const o of result.objects) {
    const passed = o.results.filter((r) => r.status === 'passed').length;
    lines.push(
      '',
      `${pc.bold(o.object)}  ${o.rows === null ? '' : `${o.rows.toLocaleString('en-US')} rows, `}${passed}/${plural(o.results.length, 'check')} passed`,
    );
    if (o.results.length > 0) lines.push(...checkTable(o.results));
  }
  if (all.length > 0) lines.push('', ...diagnosticLines(all));
  const failed = checks.filter(isBlocking).length;
  lines.push(
    '',
    (ok ? pc.green : pc.red)(
      `${ok ? '✔' : '✖'} ${plural(checks.length, 'check')}: ${checks.length - failed} passed or warned, ${failed} failed`,
    ),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}

function printFailure(diagnostics: Parameters<typeof diagnosticLines>[0], json: boolean | undefined): number {
  if (json)
    process.stdout.write(`${JSON.stringify({ ok: false, diagnostics: diagnostics.map(diagnosticJson) }, null, 2)}\n`);
  else
    process.stdout.write(`${[...diagnosticLines(diagnostics), pc.red('✖ the contract cannot be read')].join('\n')}\n`);
  return 1;
}
