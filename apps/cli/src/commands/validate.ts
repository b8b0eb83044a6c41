import { countDiagnostics, formatDiagnostic, type MeshSummary, sortDiagnostics } from '@meshwork/core';
import pc from 'picocolors';
import { createProgress } from '../io/progress.js';
import { validatePaths } from './validate-paths.js';

/** Flags of `meshwork validate`. */
export interface ValidateFlags {
  readonly json?: boolean;
}

/**
 * `meshwork validate [PATH...] [--json]`: the CI gate. Prints every finding as
 * `file:line:column severity code message` with its hint, then a summary; exit 0 without errors, 1 with.
 */
export async function validateCommand(paths: readonly string[], flags: ValidateFlags): Promise<number> {
  const progress = createProgress('validating', paths.length || 1, !flags.json);
  const run = await validatePaths(paths.length > 0 ? paths : ['.'], () => progress.tick());
  progress.done();
  const diagnostics = sortDiagnostics(run.diagnostics);
  const counts = countDiagnostics(diagnostics);
  const ok = counts.errors === 0;
  if (flags.json) {
    const body = {
      ok,
      diagnostics: diagnostics.map(({ code, severity, message, file, line, column, hint }) => ({
        code,
        severity,
        message,
        file,
        line,
        column,
        hint,
      })),
      summary: { files: run.files, errors: counts.errors, warnings: counts.warnings },
      meshes: run.meshes,
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  for (const d of diagnostics) {
    const color = d.severity === 'error' ? pc.red : d.severity === 'warning' ? pc.yellow : pc.cyan;
    lines.push(color(formatDiagnostic(d)));
    if (d.hint) lines.push(`  ${pc.dim('hint:')} ${d.hint}`);
  }
  for (const mesh of run.meshes) lines.push(...meshLines(mesh));
  const summary = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} in ${plural(run.files, 'file')}`;
  lines.push(ok ? pc.green(`✔ valid: ${summary}`) : pc.red(`✖ invalid: ${summary}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}

function meshLines(mesh: MeshSummary): string[] {
  const header = `Mesh ${mesh.name ?? mesh.root}: ${plural(mesh.domains.length, 'domain')}, ${plural(mesh.productCount, 'product')}`;
  const width = Math.max(6, ...mesh.domains.map((d) => d.name.length));
  return [
    '',
    pc.bold(header),
    ...mesh.domains.map(
      (d) =>
        `  ${d.name.padEnd(width)}  ${`${d.isolation}-per-domain`.padEnd(20)}  ${d.products.join(', ') || '(no products)'}`,
    ),
    '',
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
