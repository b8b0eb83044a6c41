import type { CheckResult } from '@meshwork/engine';
import pc from 'picocolors';

/** A product's check results as an aligned table: check, dimension, expected, actual, status, method, duration. */
export function checkTable(results: readonly CheckResult[], indent = '  '): string[] {
  const status = (r: CheckResult) =>
    r.status === 'passed'
      ? pc.green('✔ pass')
      : r.status === 'error'
        ? pc.red('✖ error')
        : r.severity === 'error'
          ? pc.red('✖ fail')
          : pc.yellow('! warn');
  const actual = (r: CheckResult) =>
    r.actual === null ? '—' : `${r.actual}${r.unit === 'percent' ? ' %' : r.unit === 'hours' ? ' h' : ''}`;
  const rows = results.map((r) => [r.id, r.dimension, r.expected, actual(r), r.method, `${r.durationMs} ms`]);
  const header = ['check', 'dimension', 'expected', 'actual', 'method', 'duration'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  const out = [indent + pc.dim(`${line(header)}  status`)];
  results.forEach((r, i) => {
    out.push(`${indent}${line(rows[i] as string[])}  ${status(r)}`);
    if (r.status !== 'passed' && r.reason)
      out.push(
        `${indent}  ${pc.dim('↳')} ${r.reason} ${pc.dim(`(${r.file}:${r.position.line}:${r.position.column})`)}`,
      );
  });
  return out;
}
