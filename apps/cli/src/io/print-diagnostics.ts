import { type Diagnostic, formatDiagnostic, sortDiagnostics } from '@meshwork/core';
import pc from 'picocolors';

/** Diagnostics as text lines: `file:line:column severity code message`, then the hint, indented. */
export function diagnosticLines(diagnostics: readonly Diagnostic[], indent = ''): string[] {
  const lines: string[] = [];
  for (const d of sortDiagnostics(diagnostics)) {
    const color = d.severity === 'error' ? pc.red : d.severity === 'warning' ? pc.yellow : pc.cyan;
    lines.push(indent + color(formatDiagnostic(d)));
    if (d.hint) lines.push(`${indent}  ${pc.dim('hint:')} ${d.hint}`);
  }
  return lines;
}

/** The JSON form of a diagnostic, every field present (hint null when there is none). */
export function diagnosticJson({ code, severity, message, file, line, column, hint }: Diagnostic) {
  return { code, severity, message, file, line, column, hint };
}

/** "1 error", "2 warnings". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
