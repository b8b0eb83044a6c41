import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExampleMesh } from '@meshwork/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'meshwork-doctor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the example mesh, without built data or generated sources (doctor reads neither). */
function copyOfAcme(name: string): string {
  return copyExampleMesh(join(work, name));
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('meshwork doctor', () => {
  it('finds no error on the example mesh and prints one JSON object with --json', () => {
    const { code, stdout, stderr } = runCli(['doctor', 'examples/acme', '--json'], repo);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(Object.keys(body)).toEqual(['ok', 'findings', 'coverage']);
    expect(body.ok).toBe(true);
    for (const finding of body.findings) {
      expect(finding).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^doctor-[a-z-]+$/),
          severity: expect.stringMatching(/^(error|warning|info)$/),
          antiPattern: expect.any(String),
          subject: expect.any(String),
          message: expect.any(String),
          fix: expect.any(String),
        }),
      );
    }
    expect(body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(body.coverage).toEqual([
      { domain: 'finance', products: 2, meetingStandard: 2, percent: 100 },
      { domain: 'logistics', products: 2, meetingStandard: 2, percent: 100 },
      { domain: 'marketing', products: 4, meetingStandard: 4, percent: 100 },
    ]);
    // The two products at the end of their lines: read by people, not by other products (yet).
    expect(
      body.findings
        .filter((f: { id: string }) => f.id === 'doctor-product-without-consumers')
        .map((f: { subject: string }) => f.subject),
    ).toEqual(['finance.revenue_by_channel', 'logistics.delivery_performance']);
  });

  it('prints the coverage table, the findings by anti-pattern and a summary', () => {
    const { code, stdout } = runCli(['doctor', 'examples/acme'], repo);
    expect(code).toBe(0);
    expect(stdout).toContain('Mesh acme: 3 domains, 8 products');
    expect(stdout).toMatch(/marketing\s+4\/4\s+100 %/);
    expect(stdout).toContain('\nProducts without consumers\n');
    expect(stdout).toContain(
      'examples/acme/domains/finance/products/revenue_by_channel/product.yaml:3:5 info doctor-product-without-consumers',
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✔ healthy: 0 errors, 0 warnings, 5 notes');
  });

  it('exits 1 on an error-level finding: a masked column copied into another domain unclassified', () => {
    const mesh = copyOfAcme('pii-copy');
    const contract = join(mesh, 'domains/logistics/products/shipments/shipments.odcs.yaml');
    edit(
      contract,
      '      - name: shipped_at\n',
      '      - name: amount_eur\n        logicalType: number\n        description: Invoice amount, for insurance claims.\n      - name: shipped_at\n',
    );
    expect(runCli(['validate', mesh], work).code).toBe(0);
    const { code, stdout } = runCli(['doctor', mesh, '--json'], work);
    expect(code).toBe(1);
    const body = JSON.parse(stdout);
    expect(body.ok).toBe(false);
    expect(body.findings.filter((f: { severity: string }) => f.severity === 'error')).toMatchObject([
      {
        id: 'doctor-pii-copied-unclassified',
        antiPattern: 'PII copied without classification',
        subject: 'logistics.shipments',
        message: expect.stringContaining('"amount_eur" is classified confidential'),
        file: expect.stringMatching(/shipments\.odcs\.yaml$/),
        line: 51,
      },
    ]);
    const text = runCli(['doctor', mesh], work);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('\nPII copied without classification\n');
    expect(text.stdout).toContain('    fix: Add `classification: confidential` to "amount_eur"');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✖ unhealthy: 1 error/);
  });

  it('counts rule violations in the coverage and exits 1 when the mesh does not validate because of them', () => {
    const mesh = copyOfAcme('no-readme');
    rmSync(join(mesh, 'domains/marketing/products/campaigns/README.md'));
    const { code, stdout } = runCli(['doctor', mesh, '--json'], work);
    expect(code).toBe(1);
    const body = JSON.parse(stdout);
    expect(body.ok).toBe(false);
    // Every validation finding, as validate prints them; the one error is the missing README.
    expect(body.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toMatchObject([
      { code: 'product-has-readme', file: expect.stringMatching(/campaigns\/product\.yaml$/) },
    ]);
    expect(body.coverage).toContainEqual({ domain: 'marketing', products: 4, meetingStandard: 3, percent: 75 });
    expect(body.findings).toContainEqual(
      expect.objectContaining({
        id: 'doctor-products-without-standard',
        severity: 'warning',
        message: expect.stringContaining('marketing.campaigns breaks product-has-readme'),
      }),
    );
    const text = runCli(['doctor', mesh], work);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('error product-has-readme marketing.campaigns has no README.md');
    expect(text.stdout).toContain('✖ the mesh does not validate: 1 rule violation above');
    expect(text.stdout).toMatch(/marketing\s+3\/4\s+75 %/);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✖ unhealthy: 0 errors, 1 warning, 4 notes; the mesh does not validate',
    );
  });

  it('prints the validation errors and no report when the mesh does not load, exit 1', () => {
    const mesh = copyOfAcme('broken');
    edit(join(mesh, 'domains/finance/products/invoices/product.yaml'), 'status: active', 'status: shipped');
    const { code, stdout } = runCli(['doctor', mesh], work);
    expect(code).toBe(1);
    expect(stdout).toMatch(/product\.yaml:\d+:\d+ error schema-enum/);
    expect(stdout).toContain('✖ the mesh does not validate; fix the errors above first');
    expect(stdout).not.toContain('Standard coverage');
    const json = JSON.parse(runCli(['doctor', mesh, '--json'], work).stdout);
    expect(json).toMatchObject({ ok: false, findings: [], coverage: [] });
    expect(json.diagnostics.length).toBeGreaterThan(0);
  });

  it('exits 2 for a path that does not exist or holds no mesh', () => {
    const missing = runCli(['doctor', join(work, 'nowhere')], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('path not found');
    const empty = mkdtempSync(join(work, 'empty-'));
    const none = runCli(['doctor', empty, '--json'], work);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('no mesh here');
  });
});
