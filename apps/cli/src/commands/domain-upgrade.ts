import { chmodSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { editDomainFile, type IsolationPattern } from '@meshwork/core';
import { moveDomainData, PATTERN_ORDER, planUpgrade, UpgradeRefused } from '@meshwork/engine';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { claimDataDir } from '../io/data-dir.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { plural } from '../io/print-diagnostics.js';
import { absolute, displayPath } from '../io/read-source.js';
import { reportInvalid } from './build.js';

/**
 * `meshwork domain upgrade DOMAIN --to workspace|account [PATH]`: moves a domain to a stronger isolation
 * pattern (its built data included) and rewrites its domain.yaml; consumers keep their SQL, because the
 * address `domain.product` does not change. Downgrades are refused.
 */
export async function domainUpgradeCommand(
  domain: string,
  path: string | undefined,
  flags: { readonly to?: string; readonly dataDir?: string; readonly json?: boolean },
): Promise<number> {
  if (!flags.to || !PATTERN_ORDER.includes(flags.to as IsolationPattern)) {
    throw new UsageError(`--to takes one of ${PATTERN_ORDER.join(', ')}${flags.to ? `, not "${flags.to}"` : ''}`);
  }
  const to = flags.to as IsolationPattern;
  const loaded = await loadMeshAt(path ?? '.', flags.dataDir);
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  let plan: ReturnType<typeof planUpgrade>;
  try {
    plan = planUpgrade(loaded.mesh, domain, to);
  } catch (error) {
    if (error instanceof Error && error.name === UpgradeRefused.name) throw new UsageError(error.message);
    throw error;
  }
  const claimed = claimDataDir(loaded.dataDir, 'upgrade');
  const moved = await moveDomainData(plan, loaded.dataDir).finally(() => claimed.release());
  const file = loaded.mesh.domains.find((d) => d.name === domain)?.loaded.yaml.file;
  if (!file) throw new Error(`domain ${domain} has no file`);
  const target = absolute(file.path);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, editDomainFile(file.text, to, plan.shares));
  // The mesh's own file keeps its permissions: the private umask is for the data directory.
  chmodSync(temp, statSync(target).mode & 0o777);
  renameSync(temp, target);

  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, domain, from: plan.from, to, moved, shares: plan.shares, file: file.path }, null, 2)}\n`,
    );
    return 0;
  }
  const rows = moved.reduce((n, m) => n + m.rows, 0);
  const lines = [
    pc.green(`✔ ${domain}: ${plan.from}-per-domain → ${to}-per-domain`),
    `  data: ${plural(moved.length, 'built product')} (${rows.toLocaleString('en-US')} rows) moved${to === 'account' ? ', encrypted with the domain key' : ''}`,
    `  ${displayPath(target)}: isolation: ${to}`,
    ...plan.shares.map((s) => `  shares: ${domain}.${s.product} with ${s.with.join(', ')} (its current consumers)`),
    `  Consumers keep their SQL: addresses do not change. Run ${pc.bold('meshwork build')} to rebuild ${domain} in its new engine.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
