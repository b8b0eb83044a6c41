import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDirScratch, memoryScratchBase } from '@meshwork/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { openToOthers } from './private-files.js';
import { BIN, hermeticEnv, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-up-'));
const mesh = join(work, 'shop');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Starts `meshwork up` and resolves with its address once it prints the listening line. */
function up(root = mesh): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'up', root, '--port', '0'], { env: hermeticEnv() });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Meshwork listening on (http:\/\/\S+)/.exec(output);
      // The block ends with the log line; wait for all of it, it may arrive in several chunks.
      if (match?.[1] && /JSON request logs: .*\n/.test(output))
        resolve({ child, address: match[1], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`meshwork up exited with ${code}: ${output}`)));
  });
}

describe('meshwork up', () => {
  it('builds, publishes, seeds users and serves the API; one server per data directory; stops on SIGTERM', async () => {
    expect(runCli(['init', mesh], work).code).toBe(0);
    const server = await up();
    const text = server.output();
    expect(text).toContain('✔ validated shop: 1 domain (sales schema), 1 product');
    expect(text).toContain('✔ published: 1 new, 0 unchanged');
    expect(text).toMatch(/Sign in as: {2}a sales owner · .* · a governance officer · admin \(one seeded user each\)/);

    // The admin token is in its file, and only its path is printed: stdout ends up in logs.
    const adminToken = readFileSync(join(mesh, '.meshwork/admin-token'), 'utf8').trim();
    expect(text).toMatch(/admin token written to .*admin-token \(mode 0600\)/);
    expect(text).not.toContain(adminToken);
    const me = await fetch(`${server.address}/api/v1/me`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(((await me.json()) as { role: string }).role).toBe('admin');

    const tokensFile = join(mesh, '.meshwork/dev-tokens.json');
    expect(statSync(tokensFile).mode & 0o777).toBe(0o600);
    const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as Record<string, string>;
    const token = tokens['sam.owner@example.com'];
    const products = await fetch(`${server.address}/api/v1/products`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(products.status).toBe(200);
    const page = (await products.json()) as { items: { address: string }[] };
    expect(page.items.map((p) => p.address)).toEqual(['sales.orders']);
    expect((await fetch(`${server.address}/api/v1/products`)).status).toBe(401);
    const headers = { authorization: `Bearer ${token}` };
    const sla = (await (await fetch(`${server.address}/api/v1/products/sales.orders/sla`, { headers })).json()) as {
      status: string;
    };
    expect(sla.status).toBe('met');
    const checks = (await (
      await fetch(`${server.address}/api/v1/products/sales.orders/checks`, { headers })
    ).json()) as {
      runs: { trigger: string; passed: number; failed: number }[];
    };
    expect(checks.runs[0]).toMatchObject({ trigger: 'startup', passed: 8, failed: 0 });
    const builds = (await (
      await fetch(`${server.address}/api/v1/products/sales.orders/builds`, { headers })
    ).json()) as {
      builds: { rows: number; version: string }[];
    };
    expect(builds.builds[0]).toMatchObject({ rows: 4, version: '1.0.0' });

    // meshwork publish against the running server: unchanged, then a breaking change refused, then a major version.
    const publish = (...args: string[]) =>
      runCli(['publish', mesh, '--server', server.address, '--token', token as string, ...args], work);
    expect(publish().stdout).toContain('sales.orders 1.0.0 unchanged');
    const contractFile = join(mesh, 'domains/sales/products/orders/orders.odcs.yaml');
    const productFile = join(mesh, 'domains/sales/products/orders/product.yaml');
    const contract = readFileSync(contractFile, 'utf8');
    writeFileSync(
      contractFile,
      contract.replace(/ {6}- name: customer_email\n(?: {8}.*\n)+/, '').replace('version: 1.0.0', 'version: 1.1.0'),
    );
    writeFileSync(productFile, readFileSync(productFile, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
    writeFileSync(
      join(mesh, 'domains/sales/products/orders/build.sql'),
      'SELECT order_id::BIGINT AS order_id, amount_eur::DECIMAL(12, 2) AS amount_eur, ordered_at::TIMESTAMP AS ordered_at FROM raw_orders\n',
    );
    const refused = publish('--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).products[0]).toMatchObject({
      status: 'refused',
      message: 'sales.orders 1.1.0 makes 1 breaking change to 1.0.0 without a new major version',
      changes: [{ code: 'property-removed', location: 'orders.customer_email' }],
    });
    writeFileSync(productFile, readFileSync(productFile, 'utf8').replace('version: 1.1.0', 'version: 2.0.0'));
    const major = publish();
    expect(major.code).toBe(0);
    expect(major.stdout).toContain('sales.orders 2.0.0 published');
    expect(runCli(['publish', mesh, '--server', server.address, '--token', 'mw_wrong'], work).code).toBe(2);

    const created = runCli(
      ['token', 'create', 'laptop', '--server', server.address, '--token', token as string, '--json'],
      work,
    );
    expect(created.code).toBe(0);
    const laptop = JSON.parse(created.stdout).token as string;
    expect(runCli(['token', 'list', '--server', server.address, '--token', laptop], work).stdout).toContain('laptop');
    expect(
      runCli(['token', 'revoke', 'laptop', '--server', server.address, '--token', token as string], work).stdout,
    ).toBe('revoked 1 token labelled laptop\n');
    expect(runCli(['token', 'list', '--server', server.address, '--token', laptop], work).code).toBe(1);
    const log = readFileSync(join(mesh, '.meshwork/logs/server.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.some((l) => l.reqId && l.req?.url === '/api/v1/products')).toBe(true);

    const second = runCli(['up', mesh, '--port', '0'], work);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `meshwork: ${join(mesh, '.meshwork')} is in use by a Meshwork server (pid ${server.child.pid}); stop it first, or use another --data-dir\n`,
    );

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  it('holds its data directory privately, sweeps stale scratch folders, and stops within 5 s of SIGTERM leaving none', async () => {
    const vault = join(work, 'vault');
    expect(runCli(['init', vault], work).code).toBe(0);
    expect(runCli(['domain', 'upgrade', 'sales', vault, '--to', 'account'], work).code).toBe(0);
    const dataDir = join(vault, '.meshwork');
    // Left by a server killed with SIGKILL: decrypted data in memory, shared files on disk.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const staleMemory = join(memoryScratchBase(), `meshwork-sales-${gone}-0123456789ab`);
    const staleDisk = join(dataDirScratch(dataDir), `meshwork-delta-sharing-${gone}-0123456789ab`);
    const live = join(memoryScratchBase(), `meshwork-test-${process.pid}-0123456789ab`);
    for (const dir of [staleMemory, staleDisk, live]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'part-00000.parquet'), 'PAR1');
    }
    try {
      const server = await up(vault);
      expect([staleMemory, staleDisk, live].map(existsSync)).toEqual([false, false, true]);

      const build = runCli(['build', vault, '--force'], work);
      expect(build.code).toBe(2);
      expect(build.stderr).toBe(
        `meshwork: ${dataDir} is in use by a Meshwork server (pid ${server.child.pid}); stop it first, or use another --data-dir\n`,
      );

      // A query of the account domain starts its engine process and exports a snapshot; an SSE stream stays open.
      const tokens = JSON.parse(readFileSync(join(dataDir, 'dev-tokens.json'), 'utf8')) as Record<string, string>;
      const headers = { authorization: `Bearer ${tokens['sam.owner@example.com']}` };
      const query = await fetch(`${server.address}/api/v1/query`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM sales.orders' }),
      });
      expect(query.status).toBe(200);
      const events = await fetch(`${server.address}/api/v1/events`, { headers });
      expect(events.status).toBe(200);
      expect(openToOthers(dataDir)).toEqual([]);

      const pid = server.child.pid as number;
      const pids = [pid, ...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number)];
      const scratch = [memoryScratchBase(), dataDirScratch(dataDir)].flatMap((base) =>
        existsSync(base)
          ? readdirSync(base)
              .filter((name) => pids.some((p) => name.includes(`-${p}-`)))
              .map((name) => join(base, name))
          : [],
      );
      expect(scratch.length).toBeGreaterThanOrEqual(2); // the gateway's snapshot, the sales engine's store

      const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
      const started = performance.now();
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(scratch.filter(existsSync)).toEqual([]);
      expect(existsSync(join(dataDir, 'meshwork.lock'))).toBe(false);
      expect(openToOthers(dataDir)).toEqual([]);
      expect(runCli(['build', vault], work).code).toBe(0);
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  }, 180_000);
});
