import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
runCli(['init', 'shop'], work);
const original = readFileSync(join(work, 'shop/domains/sales/products/orders/orders.odcs.yaml'), 'utf8');
writeFileSync(join(work, 'v1.odcs.yaml'), original);

describe('meshwork diff', () => {
  it('exits 1 on a breaking change and prints the changelog', () => {
    const removed = original
      .replace(/ {6}- name: customer_email\n(?: {8}.*\n)+/, '')
      .replace('version: 1.0.0', 'version: 1.1.0');
    writeFileSync(join(work, 'v2.odcs.yaml'), removed);
    const text = runCli(['diff', 'v1.odcs.yaml', 'v2.odcs.yaml'], work);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('breaking  property-removed           property orders.customer_email was removed');
    const json = JSON.parse(runCli(['diff', 'v1.odcs.yaml', 'v2.odcs.yaml', '--json'], work).stdout);
    expect(json).toMatchObject({ ok: false, from: '1.0.0', to: '1.1.0' });
    expect(json.changes[0]).toEqual({
      code: 'property-removed',
      severity: 'breaking',
      location: 'orders.customer_email',
      message: 'property orders.customer_email was removed',
    });
  });

  it('exits 0 for additions', () => {
    const added = original.replace(
      '    quality:\n',
      '      - name: note\n        logicalType: string\n        description: A note.\n    quality:\n',
    );
    writeFileSync(join(work, 'v3.odcs.yaml'), added);
    const { code, stdout } = runCli(['diff', 'v1.odcs.yaml', 'v3.odcs.yaml', '--json'], work);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).changes.map((c: { code: string }) => c.code)).toEqual(['property-added']);
  });

  it('refuses contracts that do not validate', () => {
    writeFileSync(join(work, 'bad.odcs.yaml'), 'kind: [');
    const { code, stdout } = runCli(['diff', 'v1.odcs.yaml', 'bad.odcs.yaml'], work);
    expect(code).toBe(1);
    expect(stdout).toContain('bad.odcs.yaml:1:');
  });
});
