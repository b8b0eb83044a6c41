import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IsolationPattern, Mesh } from '@meshwork/core';
import { upstreamOf } from '../build/build-plan.js';
import { readManifest, writeManifest } from '../build/manifest.js';
import { qualified, quoteLiteral } from '../duckdb/duckdb-dialect.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { domainKey } from '../storage/domain-key.js';
import { domainStore } from '../storage/domain-store.js';
import { encryptFile } from '../storage/encrypted-file.js';
import { privateScratch } from '../storage/scratch.js';

/** The patterns in the order a domain may move through them: only ever to the right. */
export const PATTERN_ORDER: readonly IsolationPattern[] = ['schema', 'workspace', 'account'];

/** An upgrade that is not allowed, with the reason in one sentence. */
export class UpgradeRefused extends Error {
  override readonly name = 'UpgradeRefused';
}

/** What an upgrade will do. */
export interface DomainUpgradePlan {
  readonly domain: string;
  readonly from: IsolationPattern;
  readonly to: IsolationPattern;
  /** The domain's products (their data moves when built). */
  readonly products: readonly string[];
  /** Shares an account-per-domain domain needs so that every existing consumer keeps reading. */
  readonly shares: readonly { readonly product: string; readonly with: readonly string[] }[];
}

/**
 * Plans moving `domain` to a stronger pattern (schema → workspace → account, the seed's upgrade path).
 * Throws {@link UpgradeRefused} for a downgrade, a move to the same pattern or an unknown domain.
 */
export function planUpgrade(mesh: Mesh, domainName: string, to: IsolationPattern): DomainUpgradePlan {
  const domain = mesh.domains.find((d) => d.name === domainName);
  if (!domain) {
    throw new UpgradeRefused(
      `domain ${domainName} is not in this mesh; it has ${mesh.domains.map((d) => d.name).join(', ')}`,
    );
  }
  const from = domain.loaded.spec.isolation;
  if (from === to) throw new UpgradeRefused(`domain ${domainName} is already ${to}-per-domain`);
  if (PATTERN_ORDER.indexOf(to) < PATTERN_ORDER.indexOf(from)) {
    throw new UpgradeRefused(
      `downgrades are refused: moving ${domainName} from ${from}- to ${to}-per-domain would give back the isolation its data and compute were given (and any compliance reason for it); the upgrade path only goes schema → workspace → account`,
    );
  }
  const products = mesh.products.filter((p) => p.domain === domainName).map((p) => p.address);
  const shares =
    to === 'account'
      ? products.flatMap((address) => {
          const consumers = [
            ...new Set(
              mesh.products
                .filter((p) => p.domain !== domainName && upstreamOf(p).includes(address))
                .map((p) => p.domain),
            ),
          ].sort();
          return consumers.length > 0 ? [{ product: address.split('.')[1] as string, with: consumers }] : [];
        })
      : [];
  return { domain: domainName, from, to, products, shares };
}

/**
 * Moves the built data of a domain to the store of its new pattern: copies every built product into the
 * new store (encrypted under the domain's key for account-per-domain), repoints the manifests, and only
 * then removes the old copy, so an interruption at any point leaves readable data behind.
 */
export async function moveDomainData(
  plan: DomainUpgradePlan,
  dataDir: string,
): Promise<{ address: string; rows: number }[]> {
  const source = domainStore(dataDir, plan.domain, plan.from);
  const target = domainStore(dataDir, plan.domain, plan.to);
  const manifests = plan.products.flatMap((a) => {
    const m = readManifest(dataDir, a);
    return m ? [m] : [];
  });
  if (manifests.length === 0 || !existsSync(source.file)) return [];
  if (plan.from === 'account') throw new UpgradeRefused('account-per-domain is the strongest pattern');

  const scratch = plan.to === 'account' ? privateScratch(`upgrade-${plan.domain}`) : undefined;
  const writeTo = scratch ? join(scratch.dir, `${plan.domain}.duckdb`) : target.file;
  const moved: { address: string; rows: number }[] = [];
  try {
    mkdirSync(dirname(writeTo), { recursive: true });
    const engine = await DuckDBEngine.open({ ...DEFAULT_LIMITS, queryTimeoutMs: 3_600_000 });
    try {
      await engine.run(`ATTACH ${quoteLiteral(source.file)} AS old (READ_ONLY)`);
      await engine.run(`ATTACH ${quoteLiteral(writeTo)} AS new`);
      await engine.run(`CREATE SCHEMA IF NOT EXISTS ${qualified('new', target.schema)}`);
      for (const m of manifests) {
        const table = m.store.table.split('.')[1] as string;
        await engine.run(
          `CREATE OR REPLACE TABLE ${qualified('new', target.schema, table)} AS SELECT * FROM ${qualified('old', source.schema, table)}`,
        );
        const [count] = await engine.query(`SELECT count(*) AS n FROM ${qualified('new', target.schema, table)}`);
        moved.push({ address: m.address, rows: Number(count?.n ?? 0) });
      }
      await engine.run('CHECKPOINT new');
    } finally {
      engine.close();
    }
    if (scratch) {
      mkdirSync(dirname(target.file), { recursive: true });
      await encryptFile(writeTo, target.file, domainKey(dataDir, plan.domain));
    }
  } finally {
    scratch?.dispose();
  }
  for (const m of manifests) {
    const table = m.store.table.split('.')[1] as string;
    writeManifest(dataDir, {
      ...m,
      pattern: plan.to,
      store: { file: target.file, table: `${target.schema}.${table}` },
    });
  }
  await removeOldCopy(plan, source.file, source.schema);
  return moved;
}

async function removeOldCopy(plan: DomainUpgradePlan, file: string, schema: string): Promise<void> {
  if (plan.from === 'schema') {
    const engine = await DuckDBEngine.open(DEFAULT_LIMITS);
    try {
      await engine.run(`ATTACH ${quoteLiteral(file)} AS shared`);
      await engine.run(`DROP SCHEMA IF EXISTS ${qualified('shared', schema)} CASCADE`);
      await engine.run('CHECKPOINT shared');
    } finally {
      engine.close();
    }
  } else {
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
  }
}
