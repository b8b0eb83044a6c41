/** How serious a finding is: `error` fails validation (exit 1), `warning` and `info` do not. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in user content, located at a file position. Diagnostics are collected and returned,
 * never thrown: one run reports every problem it can find.
 *
 * @example
 * { code: 'schema-enum', severity: 'error', file: 'finance/invoices.odcs.yaml', line: 14, column: 7,
 *   message: 'property "amount" has logicalType "money"; expected one of string, date, ...',
 *   hint: 'Did you mean "number"?' }
 */
export interface Diagnostic {
  /** Stable, kebab-case identifier of the kind of problem (for example `yaml-duplicate-key`). */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence naming the input and what is wrong with it. */
  readonly message: string;
  /** Path of the file as the user gave it (relative to the working directory where possible). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** What to do about it, or null when the message says it all. */
  readonly hint: string | null;
}

/** A 1-based position in a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Counts of a diagnostic list by severity. */
export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** Builds a frozen diagnostic; `hint` defaults to null. */
export function diagnostic(
  fields: Omit<Diagnostic, 'hint' | 'line' | 'column'> & { position?: Position; hint?: string | null },
): Diagnostic {
  const { position, hint, ...rest } = fields;
  return Object.freeze({
    ...rest,
    line: position?.line ?? 1,
    column: position?.column ?? 1,
    hint: hint ?? null,
  });
}

/** Counts errors, warnings and infos. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, line, column, then code, so output is stable across runs. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/** Formats one diagnostic as `file:line:column severity code message`, the form editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}
