import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type CatalogOptions, openCatalog } from '../src/index.js';

const publisher = join(import.meta.dirname, 'fixtures', 'publisher.ts');
const url = process.env.MESHWORK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `meshwork_crash_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'meshwork-crash-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  } catch {
    // PostgreSQL unreachable: the catalog suite reports it
  }
});

/** Starts the publisher and SIGKILLs it a random moment after its first publish; resolves with how many it saw. */
function killMidPublish(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', publisher, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let published = 0;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (published === 0) setTimeout(() => child.kill('SIGKILL'), 100 + Math.floor(Math.random() * 400));
      published += chunk.toString().split('\n').filter(Boolean).length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(published) : reject(new Error(`publisher ended without being killed: ${errors}`)),
    );
  });
}

/** Every published version is complete: latest points at a stored version, each version has its audit entry. */
async function expectConsistent(options: CatalogOptions) {
  const catalog = await openCatalog(options);
  try {
    const product = await catalog.db
      .selectFrom('products')
      .selectAll()
      .where('address', '=', 'sales.orders')
      .executeTakeFirstOrThrow();
    const versions = await catalog.db
      .selectFrom('product_versions')
      .select('version')
      .where('address', '=', 'sales.orders')
      .execute();
    const audited = await catalog.db.selectFrom('audit_log').select('target').where('outcome', '=', 'ok').execute();
    expect(versions.map((v) => v.version)).toContain(product.latest_version);
    expect(product.row_version).toBe(versions.length);
    expect(new Set(audited.map((a) => a.target))).toEqual(new Set(versions.map((v) => `sales.orders@${v.version}`)));
    const [count] = (await sql<{ n: string }>`select count(*) as n from product_versions`.execute(catalog.db)).rows;
    return Number(count?.n);
  } finally {
    await catalog.close();
  }
}

describe('publishing survives SIGKILL', () => {
  it('on PostgreSQL: no partial version after 5 kills mid-publish', async () => {
    let seen = 0;
    for (let i = 0; i < 5; i++) seen += await killMidPublish(['postgres', url, schema]);
    const stored = await expectConsistent({ databaseUrl: url, schema });
    expect(stored).toBeGreaterThanOrEqual(seen);
  }, 120_000);

  it('on PGlite: no partial version after 3 kills mid-publish', async () => {
    let seen = 0;
    for (let i = 0; i < 3; i++) seen += await killMidPublish(['pglite', dir]);
    const stored = await expectConsistent({ dataDir: dir });
    expect(stored).toBeGreaterThanOrEqual(seen);
  }, 180_000);
});
