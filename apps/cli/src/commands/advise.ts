import { createInterface } from 'node:readline/promises';
import { isReadFailure } from '@meshwork/core';
import {
  type Advice,
  type AdvisorAnswers,
  AdvisorAnswersSchema,
  advise,
  answersFromMesh,
  type DomainAnswers,
  DomainAnswersSchema,
  parseAnswers,
  patternName,
} from '@meshwork/provision';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { diagnosticJson, diagnosticLines, plural } from '../io/print-diagnostics.js';
import { absolute, displayPath, readSource } from '../io/read-source.js';
import { reportInvalid } from './build.js';

/** Flags of `meshwork advise`. */
export interface AdviseFlags {
  readonly answers?: string;
  readonly json?: boolean;
}

/**
 * `meshwork advise [PATH] [--answers FILE] [--json]`: the isolation pattern each domain needs, by the
 * seed's decision framework, with the reasons, the upgrade path and the "when mesh is not the answer"
 * warnings. The answers come from `--answers` (YAML or JSON), else from the mesh at PATH; on a terminal
 * with neither, the questions are asked. Exit 0 advised, 1 invalid answers or mesh, 2 usage.
 */
export async function adviseCommand(path: string | undefined, flags: AdviseFlags): Promise<number> {
  if (flags.answers !== undefined) {
    if (path !== undefined) throw new UsageError('give either a mesh PATH or --answers FILE, not both');
    const source = await readSource(absolute(flags.answers));
    if (isReadFailure(source)) throw new UsageError(`--answers ${flags.answers}: ${source.message}`);
    const { answers, diagnostics } = parseAnswers(source);
    if (!answers) {
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ ok: false, diagnostics: diagnostics.map(diagnosticJson) }, null, 2)}\n`,
        );
      } else {
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        process.stdout.write(
          `${[...diagnosticLines(diagnostics), pc.red(`✖ invalid answers: ${plural(errors, 'error')} in ${source.path}`)].join('\n')}\n`,
        );
      }
      return 1;
    }
    return print(advise(answers), flags.json, `the answers in ${source.path}`);
  }
  if (path === undefined && process.stdin.isTTY && process.stdout.isTTY) {
    return print(advise(await ask()), flags.json, 'your answers');
  }
  const loaded = await loadMeshAt(path ?? '.');
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  const { answers, current, assumed } = answersFromMesh(loaded.mesh);
  return print(
    advise(answers, { current, assumed, source: 'mesh' }),
    flags.json,
    `the mesh at ${displayPath(loaded.root)}`,
  );
}

function print(advice: Advice, json: boolean | undefined, from: string): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: true, ...advice }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${adviceLines(advice, from).join('\n')}\n`);
  return 0;
}

/** The advice as text: a summary table, then each domain's reasons, path and warnings, then the mesh's. */
export function adviceLines(advice: Advice, from: string): string[] {
  const fromMesh = advice.source === 'mesh';
  const header = ['domain', 'engineers', 'compliance', ...(fromMesh ? ['current'] : []), 'recommended'];
  const rows = advice.domains.map((d) => [
    d.domain,
    String(d.engineers),
    d.compliance.length > 0 ? d.compliance.join(', ') : '-',
    ...(fromMesh ? [d.current ? patternName(d.current) : '-'] : []),
    patternName(d.recommended),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [
    pc.bold(`Isolation advice for ${plural(advice.domains.length, 'domain')} from ${from}`),
    '',
    pc.bold(line(header)),
    ...rows.map(line),
  ];
  for (const d of advice.domains) {
    const moved = d.current && d.current !== d.recommended;
    lines.push(
      '',
      pc.bold(
        `${d.domain}: ${patternName(d.recommended)}${moved ? ` (now ${patternName(d.current ?? d.recommended)})` : ''}`,
      ),
    );
    for (const r of d.reasons) lines.push(`  ${pc.cyan(r.rule)}  ${r.detail}`, `    ${pc.dim(`seed: ${r.citation}`)}`);
    for (const step of d.upgradePath) {
      const tag = step.now ? pc.yellow('upgrade now') : pc.dim('later');
      lines.push(`  ${tag}  ${step.from} → ${step.to}: ${step.command}  ${pc.dim(step.when)}`);
    }
    for (const w of d.warnings) lines.push(`  ${pc.yellow('⚠')} ${w.message}`);
  }
  if (advice.warnings.length > 0) {
    lines.push('', pc.bold('When mesh is not the answer'));
    for (const w of advice.warnings) lines.push(`  ${pc.yellow('⚠')} ${pc.cyan(w.rule)}  ${w.message}`);
  }
  if (advice.assumed.length > 0) {
    lines.push('', pc.dim('Assumed (not in the mesh files; answer them with --answers FILE):'));
    for (const a of advice.assumed) lines.push(pc.dim(`  - ${a}`));
  }
  return lines;
}

/** The questions on a terminal, each asked again until its answer is valid. */
async function ask(): Promise<AdvisorAnswers> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const question = (schema: { description?: string }) => schema.description ?? '';
  const org = AdvisorAnswersSchema.properties;
  const dom = DomainAnswersSchema.properties;
  const number = async (text: string, min: number, max: number, integer: boolean): Promise<number> => {
    for (;;) {
      const raw = (await rl.question(`${text} `)).trim();
      const n = Number(raw);
      if (raw !== '' && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n))) return n;
      process.stdout.write(
        `  ${integer ? 'a whole number' : 'a number'} from ${min}${max < Infinity ? ` to ${max}` : ''}, please\n`,
      );
    }
  };
  const yes = async (text: string): Promise<boolean> => {
    for (;;) {
      const raw = (await rl.question(`${text} [y/n] `)).trim().toLowerCase();
      if (['y', 'yes'].includes(raw)) return true;
      if (['n', 'no'].includes(raw)) return false;
    }
  };
  try {
    const practitioners = await number(question(org.practitioners), 0, Infinity, true);
    const dominantUseCaseShare = await number(question(org.dominantUseCaseShare), 0, 1, false);
    const teamsWriteTests = await yes(question(org.teamsWriteTests));
    const regulatedIndustry = await yes(question(org.regulatedIndustry));
    let names: string[] = [];
    while (
      names.length === 0 ||
      names.some((n) => !/^[a-z][a-z0-9_]*$/.test(n)) ||
      new Set(names).size !== names.length
    ) {
      names = (await rl.question('Which domains (names in lower snake_case, separated by commas)? '))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    }
    const domains: DomainAnswers[] = [];
    for (const name of names) {
      process.stdout.write(pc.bold(`${name}\n`));
      domains.push({
        name,
        engineers: await number(`  ${question(dom.engineers)}`, 0, Infinity, true),
        compliance: [
          ...new Set(
            (await rl.question(`  ${question(dom.compliance)} (separated by commas, empty for none) `))
              .split(',')
              .map((s) => s.trim().toLowerCase())
              .filter((s) => /^[a-z0-9][a-z0-9-]*$/.test(s)),
          ),
        ],
        needsComputeIsolation: await yes(`  ${question(dom.needsComputeIsolation)}`),
        independentDeploys: await yes(`  ${question(dom.independentDeploys)}`),
      });
    }
    process.stdout.write('\n');
    return { practitioners, dominantUseCaseShare, teamsWriteTests, regulatedIndustry, domains };
  } finally {
    rl.close();
  }
}
