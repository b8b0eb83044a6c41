import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExampleMesh } from '@meshwork/test-support';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-upgrade-'));
let copies = 0;
let mesh: string;
afterAll(() => rmSync(work, { recursive: true, force: true }));
// Each test upgrades a copy of its own.
beforeEach(() => {
  mesh = copyExampleMesh(join(work, `acme-${++copies}`));
});

type Built = { address: string; status: string; rows: number };
const build = (...args: string[]) => {
  const { code, stdout } = runCli(['build', mesh, '--json', ...args], work);
  expect(code).toBe(0);
  return JSON.parse(stdout).products as Built[];
};
const rowsOf = (products: Built[]) => Object.fromEntries(products.map((p) => [p.address, p.rows]));

describe('meshwork domain upgrade on the example mesh', () => {
  it('moves marketing schema → workspace → account while every consumer keeps building the same rows', () => {
    const before = rowsOf(build());

    const toWorkspace = runCli(['domain', 'upgrade', 'marketing', mesh, '--to', 'workspace', '--json'], work);
    expect(toWorkspace.code).toBe(0);
    expect(JSON.parse(toWorkspace.stdout)).toMatchObject({ from: 'schema', to: 'workspace', shares: [] });
    expect(readFileSync(join(mesh, 'domains/marketing/domain.yaml'), 'utf8')).toContain('isolation: workspace');
    expect(existsSync(join(mesh, '.meshwork/stores/workspaces/marketing.duckdb'))).toBe(true);
    const workspace = build('--force');
    expect(workspace.every((p) => p.status === 'built')).toBe(true);
    expect(rowsOf(workspace)).toEqual(before);

    const toAccount = runCli(['domain', 'upgrade', 'marketing', mesh, '--to', 'account', '--json'], work);
    expect(toAccount.code).toBe(0);
    expect(JSON.parse(toAccount.stdout).shares).toEqual([
      { product: 'attribution', with: ['finance'] },
      { product: 'customers', with: ['finance'] },
    ]);
    expect(existsSync(join(mesh, '.meshwork/stores/workspaces/marketing.duckdb'))).toBe(false);
    expect(existsSync(join(mesh, '.meshwork/stores/accounts/marketing/marketing.duckdb.enc'))).toBe(true);
    expect(readdirSync(join(mesh, '.meshwork/keys')).sort()).toEqual(['finance.key', 'marketing.key']);
    const account = build('--force');
    expect(account.every((p) => p.status === 'built')).toBe(true);
    expect(rowsOf(account)).toEqual(before);

    const tested = runCli(['test', mesh, '--json'], work);
    expect(tested.code).toBe(0);
    expect(JSON.parse(tested.stdout).ok).toBe(true);
  }, 180_000);

  it('refuses a downgrade and an unknown pattern, changing nothing', () => {
    // finance is account-per-domain in the example mesh.
    const text = readFileSync(join(mesh, 'domains/finance/domain.yaml'), 'utf8');
    expect(text).toContain('isolation: account');
    const down = runCli(['domain', 'upgrade', 'finance', mesh, '--to', 'schema'], work);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^meshwork: downgrades are refused: moving finance from account- to schema-per-domain/);
    const unknown = runCli(['domain', 'upgrade', 'marketing', mesh, '--to', 'cloud'], work);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('meshwork: --to takes one of schema, workspace, account, not "cloud"\n');
    expect(readFileSync(join(mesh, 'domains/finance/domain.yaml'), 'utf8')).toBe(text);
  });
});
