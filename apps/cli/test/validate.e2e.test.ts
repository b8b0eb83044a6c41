import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'meshwork-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const contract = `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: amount
        logicalType: number
`;

function file(name: string, text: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('meshwork validate', () => {
  it('validates the example mesh with exit 0 and prints its summary', () => {
    const { code, stdout, stderr } = runCli(['validate', 'examples/acme'], repo);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Mesh acme: 3 domains, 8 products');
    expect(stdout).toMatch(/finance\s+account-per-domain/);
    expect(stdout).toMatch(/logistics\s+workspace-per-domain/);
    expect(stdout).toMatch(/marketing\s+schema-per-domain/);
    expect(stdout).toContain('✔ valid: 0 errors');
  });

  it('prints exactly one JSON object with --json', () => {
    const { code, stdout } = runCli(['validate', 'examples/acme', '--json'], repo);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    // The one warning is deliberate: marketing.web_sessions has no tags (see its README).
    expect(body).toMatchObject({
      ok: true,
      diagnostics: [{ code: 'product-tagged', severity: 'warning' }],
      summary: { errors: 0, warnings: 1 },
    });
    expect(body.summary.files).toBeGreaterThan(10);
  });

  it('reports a wrong logicalType as file:line:column with a hint, exit 1', () => {
    const path = file('money.odcs.yaml', contract.replace('logicalType: number', 'logicalType: numbr'));
    const { code, stdout } = runCli(['validate', path], work);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'money.odcs.yaml:10:22 error schema-enum property "amount" field "logicalType" is "numbr"; expected one of',
    );
    expect(stdout).toContain('hint: Did you mean `number`?');
    expect(stdout).toContain('✖ invalid: 1 error, 0 warnings in 1 file');
  });

  it('gives JSON diagnostics with every field', () => {
    const path = file('dup.odcs.yaml', `${contract}id: again\n`);
    const { code, stdout } = runCli(['validate', path, '--json'], work);
    expect(code).toBe(1);
    const body = JSON.parse(stdout);
    expect(body.ok).toBe(false);
    expect(body.diagnostics).toEqual([
      {
        code: 'yaml-duplicate-key',
        severity: 'error',
        message: expect.any(String),
        file: 'dup.odcs.yaml',
        line: 11,
        column: 1,
        hint: expect.stringMatching(/Remove or rename/),
      },
    ]);
    expect(body.summary).toEqual({ files: 1, errors: 1, warnings: 0 });
  });

  it.each([
    ['a missing required field', contract.replace('status: active\n', ''), 'schema-required'],
    ['a YAML syntax error', 'apiVersion: [v3.1.0\n', 'yaml-syntax'],
    ['tab indentation', contract.replace('  - name: orders', '\t- name: orders'), 'yaml-tab-indent'],
    ['an unknown key', contract.replace('schema:', 'shema:'), 'schema-unknown-field'],
  ])('reports %s with a location and exit 1', (_, text, code) => {
    const path = file(`case-${code}.odcs.yaml`, text);
    const result = runCli(['validate', path, '--json'], work);
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout);
    expect(body.diagnostics[0]).toMatchObject({ code, file: `case-${code}.odcs.yaml` });
    expect(body.diagnostics[0].line).toBeGreaterThanOrEqual(1);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses a 50 MB file without reading it', () => {
    const path = file('huge.odcs.yaml', Buffer.alloc(50 * 1024 * 1024, 'a'));
    const { code, stdout } = runCli(['validate', path], work);
    expect(code).toBe(1);
    expect(stdout).toContain('huge.odcs.yaml:1:1 error file-too-large file is 50.0 MiB');
  });

  it('refuses a binary file', () => {
    const path = file('bin.odcs.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    const { code, stdout } = runCli(['validate', path], work);
    expect(code).toBe(1);
    expect(stdout).toContain('error file-binary file is binary');
  });

  it('reports an unreadable file inside a mesh', () => {
    const mesh = join(work, 'unreadable');
    expect(runCli(['init', mesh], work).code).toBe(0);
    symlinkSync(join(mesh, 'nowhere'), join(mesh, 'domains/sales/products/orders/broken.odcs.yaml'));
    const { code, stdout } = runCli(['validate', mesh, '--json'], work);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).diagnostics).toMatchObject([
      { code: 'file-unreadable', file: 'unreadable/domains/sales/products/orders/broken.odcs.yaml' },
    ]);
  });

  it('exits 2 for a missing path, a folder with no mesh, and an unknown flag', () => {
    const missing = runCli(['validate', 'nope'], work);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('meshwork: path not found: nope\n');
    mkdirSync(join(work, 'empty'));
    const empty = runCli(['validate', 'empty'], work);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no mesh here: empty has no meshwork.yaml .* run `meshwork init`/);
    const flag = runCli(['validate', '--jsn'], work);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--jsn'");
    expect(flag.stderr).toContain('(Did you mean --json?)');
  });
});

describe('meshwork init', () => {
  it('writes a mesh that validates', () => {
    const dir = join(work, 'demo-mesh');
    const init = runCli(['init', 'demo-mesh'], work);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Created mesh "demo-mesh"');
    const validate = runCli(['validate', 'demo-mesh'], work);
    expect(validate.stdout).toContain('✔ valid: 0 errors, 0 warnings');
    expect(validate.code).toBe(0);
    expect(runCli(['validate'], dir).code).toBe(0);
  });

  it('refuses to overwrite an existing mesh without --force', () => {
    runCli(['init', 'twice'], work);
    const again = runCli(['init', 'twice'], work);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; use --force');
    expect(runCli(['init', 'twice', '--force'], work).code).toBe(0);
  });
});

describe('meshwork', () => {
  it('prints its version and help', () => {
    expect(runCli(['--version'], work)).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = runCli(['validate', '--help'], work);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit status: 0 valid');
  });

  it('validates a single file inside a mesh in the context of its mesh', () => {
    const { code, stdout } = runCli(
      ['validate', 'examples/acme/domains/finance/products/invoices/product.yaml', '--json'],
      repo,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).ok).toBe(true);
  });
});
