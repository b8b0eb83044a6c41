import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openToOthers } from './private-files.js';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'meshwork-acme-'));
let builds = 0;
let dataDir: string;
afterAll(() => rmSync(work, { recursive: true, force: true }));
// Each test builds into a data directory of its own.
beforeEach(() => {
  dataDir = join(work, `data-${++builds}`);
});

describe('meshwork build', () => {
  it('builds the example mesh (generating its sources when missing), then finds nothing to rebuild', () => {
    const first = runCli(['build', 'examples/acme', '--data-dir', dataDir, '--json'], repo);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const body = JSON.parse(first.stdout);
    expect(body.ok).toBe(true);
    expect(body.products).toHaveLength(8);
    expect(body.products.every((p: { status: string }) => p.status === 'built')).toBe(true);
    const rows = Object.fromEntries(body.products.map((p: { address: string; rows: number }) => [p.address, p.rows]));
    expect(rows['marketing.customers']).toBe(100_000);
    expect(rows['marketing.web_sessions']).toBe(500_000);
    expect(rows['finance.invoices']).toBe(300_000);
    // Stores hold raw e-mails and keys: nothing in the data directory is readable by other local users.
    expect(openToOthers(dataDir)).toEqual([]);

    const second = runCli(['build', 'examples/acme', '--data-dir', dataDir], repo);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 built, 8 unchanged, 0 failed, 0 skipped');
  });

  it('rebuilds one product with --force --product', () => {
    expect(runCli(['build', 'examples/acme', '--data-dir', dataDir], repo).code).toBe(0);
    const { code, stdout } = runCli(
      ['build', 'examples/acme', '--data-dir', dataDir, '--product', 'marketing.campaigns', '--force', '--json'],
      repo,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).products.map((p: { address: string; status: string }) => [p.address, p.status])).toEqual([
      ['marketing.campaigns', 'built'],
    ]);
  });

  it('exits 2 for an unknown domain or a malformed address', () => {
    const domain = runCli(['build', 'examples/acme', '--data-dir', dataDir, '--domain', 'sales'], repo);
    expect(domain.code).toBe(2);
    expect(domain.stderr).toBe('meshwork: domain sales is not in this mesh; it has finance, logistics, marketing\n');
    const address = runCli(['build', 'examples/acme', '--product', 'Marketing'], repo);
    expect(address.code).toBe(2);
  });
});
