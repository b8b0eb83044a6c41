import {
  type ContractChange,
  diffContracts,
  hasErrors,
  isReadFailure,
  type LoadedContract,
  validateContract,
} from '@meshwork/core';
import pc from 'picocolors';
import { diagnosticJson, diagnosticLines, plural } from '../io/print-diagnostics.js';
import { absolute, readSource } from '../io/read-source.js';

/**
 * `meshwork diff OLD NEW [--json]`: the changelog between two versions of a contract, each change
 * classified breaking, warning or info with a stable code. Exit 1 when a change is breaking, so CI can
 * demand a major version.
 */
export async function diffCommand(
  oldPath: string,
  newPath: string,
  flags: { readonly json?: boolean },
): Promise<number> {
  const load = async (path: string) => {
    const source = await readSource(absolute(path));
    if (isReadFailure(source)) return { contract: undefined, diagnostics: [source] };
    return validateContract(source);
  };
  const [before, after] = [await load(oldPath), await load(newPath)];
  const problems = [...before.diagnostics, ...after.diagnostics].filter((d) => d.severity === 'error');
  if (!before.contract || !after.contract || hasErrors(problems)) {
    if (flags.json)
      process.stdout.write(`${JSON.stringify({ ok: false, diagnostics: problems.map(diagnosticJson) }, null, 2)}\n`);
    else
      process.stdout.write(
        `${[...diagnosticLines(problems), pc.red('✖ both contracts must validate before they can be compared')].join('\n')}\n`,
      );
    return 1;
  }
  const changes = diffContracts((before.contract as LoadedContract).spec, (after.contract as LoadedContract).spec);
  const breaking = changes.filter((c) => c.severity === 'breaking').length;
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: breaking === 0, from: before.contract.spec.version, to: after.contract.spec.version, changes }, null, 2)}\n`,
    );
    return breaking === 0 ? 0 : 1;
  }
  const mark = (c: ContractChange) =>
    c.severity === 'breaking'
      ? pc.red('breaking')
      : c.severity === 'warning'
        ? pc.yellow('warning ')
        : pc.dim('info    ');
  const lines = [pc.bold(`${oldPath} (${before.contract.spec.version}) → ${newPath} (${after.contract.spec.version})`)];
  for (const c of changes) lines.push(`  ${mark(c)}  ${c.code.padEnd(26)} ${c.message}`);
  if (changes.length === 0) lines.push('  no changes');
  const summary = `${plural(changes.length, 'change')}: ${breaking} breaking, ${changes.filter((c) => c.severity === 'warning').length} warnings`;
  lines.push(breaking === 0 ? pc.green(`✔ ${summary}`) : pc.red(`✖ ${summary}; publish it as a new major version`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return breaking === 0 ? 0 : 1;
}
