import { basename } from 'node:path';
import { countDiagnostics, type Diagnostic, type Mesh } from '@meshwork/core';
import {
  ANTI_PATTERNS,
  compileGovernance,
  countFindings,
  type DomainCoverage,
  diagnoseMesh,
  evaluateMeshRules,
  type Governance,
  type HealthFinding,
  type MeshHealth,
} from '@meshwork/governance';
import pc from 'picocolors';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { diagnosticJson, diagnosticLines, plural } from '../io/print-diagnostics.js';

/** Flags of `meshwork doctor`. */
export interface DoctorFlags {
  readonly json?: boolean;
}

/**
 * `meshwork doctor [PATH] [--json]`: the health of a mesh from the data-mesh anti-patterns a machine can
 * see in its files. Every finding names its anti-pattern and its fix; the standard coverage of each domain
 * is always reported. Exit 1 when a finding is an error or the mesh does not validate, 0 otherwise.
 *
 * A mesh that does not load cleanly (files that fail their schema, broken references, rules that do not
 * compile) gets its validation errors, as `meshwork validate` prints them, and no health report. A mesh
 * whose only errors are violations of its rule packs gets both: those violations are what the standard
 * coverage measures.
 */
export async function doctorCommand(path: string | undefined, flags: DoctorFlags): Promise<number> {
  const loaded = await loadMeshAt(path ?? '.');
  const governance = compileGovernance(loaded.mesh);
  const blocking = loaded.valid ? [] : blockingErrors(loaded.diagnostics, loaded.mesh, governance);
  if (blocking.length > 0) return reportUnloadable(loaded.diagnostics, flags.json);

  const health = diagnoseMesh(loaded.mesh, governance);
  const ok = health.ok && loaded.valid;
  if (flags.json) {
    const body = {
      ok,
      findings: health.findings,
      coverage: health.coverage,
      ...(loaded.valid ? {} : { diagnostics: loaded.diagnostics.map(diagnosticJson) }),
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  if (!loaded.valid) {
    const { errors } = countDiagnostics(loaded.diagnostics);
    lines.push(
      ...diagnosticLines(loaded.diagnostics),
      pc.red(
        `✖ the mesh does not validate: ${plural(errors, 'rule violation')} above (meshwork validate), counted in the standard coverage below`,
      ),
    );
  }
  lines.push(...reportLines(loaded.mesh, health));
  const counts = countFindings(health.findings);
  const summary = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'note')}`;
  const tail = loaded.valid ? '' : '; the mesh does not validate';
  lines.push(ok ? pc.green(`✔ healthy: ${summary}`) : pc.red(`✖ unhealthy: ${summary}${tail}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}

/**
 * The errors that keep the mesh from loading completely: every error except violations of its rule packs,
 * which leave the mesh whole (rule violations are recomputed and matched by code, place and message).
 */
function blockingErrors(diagnostics: readonly Diagnostic[], mesh: Mesh, governance: Governance): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.code}\u0000${d.file}:${d.line}:${d.column}\u0000${d.message}`;
  const violations = new Set(evaluateMeshRules(mesh, governance.rules).map(key));
  return diagnostics.filter((d) => d.severity === 'error' && !violations.has(key(d)));
}

function reportUnloadable(diagnostics: readonly Diagnostic[], json: boolean | undefined): number {
  if (json) {
    const body = { ok: false, findings: [], coverage: [], diagnostics: diagnostics.map(diagnosticJson) };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${[...diagnosticLines(diagnostics), pc.red('✖ the mesh does not validate; fix the errors above first (meshwork validate), then run meshwork doctor again')].join('\n')}\n`,
    );
  }
  return 1;
}

/** The report: a header, the coverage table, then the findings grouped by anti-pattern. */
function reportLines(mesh: Mesh, health: MeshHealth): string[] {
  const name = mesh.config?.spec.name ?? basename(mesh.root);
  const lines = [
    '',
    pc.bold(`Mesh ${name}: ${plural(mesh.domains.length, 'domain')}, ${plural(mesh.products.length, 'product')}`),
    '',
    ...coverageLines(health.coverage),
  ];
  // Coverage notes repeat the table; warnings below 100 % are listed with the other findings.
  const shown = health.findings.filter((f) => f.id !== 'doctor-standard-coverage');
  for (const antiPattern of ANTI_PATTERNS) {
    const group = shown.filter((f) => f.antiPattern === antiPattern);
    if (group.length === 0) continue;
    lines.push('', pc.bold(antiPattern));
    for (const finding of group) lines.push(...findingLines(finding));
  }
  if (shown.length === 0) lines.push('', 'No anti-pattern found.');
  lines.push('');
  return lines;
}

function coverageLines(coverage: readonly DomainCoverage[]): string[] {
  const width = Math.max(6, ...coverage.map((c) => c.domain.length));
  return [
    pc.bold('Standard coverage') + pc.dim(' (products with no error-severity violation of the rules in force)'),
    ...coverage.map((c) => {
      const share = `${c.meetingStandard}/${c.products}`.padStart(7);
      if (c.percent === null) return `  ${c.domain.padEnd(width)}  ${share}  ${pc.dim('no products')}`;
      const color = c.percent === 100 ? pc.green : pc.yellow;
      return `  ${c.domain.padEnd(width)}  ${share}  ${color(`${String(c.percent).padStart(3)} %`)}`;
    }),
  ];
}

function findingLines(f: HealthFinding): string[] {
  const color = f.severity === 'error' ? pc.red : f.severity === 'warning' ? pc.yellow : pc.cyan;
  const where = f.file ? `${f.file}:${f.line ?? 1}:${f.column ?? 1}` : f.subject;
  return [`  ${color(`${where} ${f.severity} ${f.id} ${f.message}`)}`, `    ${pc.dim('fix:')} ${f.fix}`];
}
