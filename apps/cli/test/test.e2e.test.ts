import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-test-'));
let shops = 0;
let mesh: string;
afterAll(() => rmSync(work, { recursive: true, force: true }));
// Each test gets a new mesh of its own: building, breaking the data and testing never leak into another test.
beforeEach(() => {
  mesh = join(work, `shop-${++shops}`);
  expect(runCli(['init', mesh], work).code).toBe(0);
});

describe('meshwork test', () => {
  it('says what to do when a product was never built', () => {
    const { code, stdout } = runCli(['test', mesh], work);
    expect(code).toBe(1);
    expect(stdout).toContain('sales.orders has not been built; run meshwork build first');
  });

  it('runs the checks of a built product: table output, JSON and JUnit', () => {
    expect(runCli(['build', mesh], work).code).toBe(0);
    const text = runCli(['test', mesh], work);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/sales\.orders\s+4 rows, \d+\/\d+ checks passed/);
    expect(text.stdout).toMatch(/order_id\.required\s+completeness\s+= 0\s+0\s+statistics/);

    const junit = join(work, 'junit.xml');
    const json = runCli(['test', mesh, '--json', '--junit', junit], work);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.ok).toBe(true);
    const checks = body.products[0].checks as { id: string; status: string; method: string; line: number }[];
    expect(checks.map((c) => c.id)).toEqual([
      'order_id.required',
      'order_id.unique',
      'customer_email.required',
      'amount_eur.required',
      'amount_eur.range',
      'ordered_at.required',
      'rowCount',
      'ordered_at.latency',
    ]);
    expect(checks.every((c) => c.line > 0)).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="sales.orders" tests="8"');
    expect(xml).toContain('<testcase classname="sales.orders" name="order_id.unique"');
  });

  it('fails with exit 1 and names the check and the contract line when the data breaks the contract', () => {
    // Built and tested once with good data, as a product is before its data goes bad.
    expect(runCli(['build', mesh], work).code).toBe(0);
    expect(runCli(['test', mesh], work).code).toBe(0);
    appendFileSync(
      join(mesh, 'domains/sales/sources/orders.csv'),
      '5,dee@example.com,-3.00,2026-01-06 08:00:00\n1,eve@example.com,1.00,2026-01-06 09:00:00\n',
    );
    expect(runCli(['build', mesh], work).code).toBe(0);
    const { code, stdout } = runCli(['test', mesh, '--json'], work);
    expect(code).toBe(1);
    const failed = JSON.parse(stdout).products[0].checks.filter((c: { status: string }) => c.status === 'failed');
    expect(
      failed.map((c: { id: string; actual: number; file: string; line: number }) => [c.id, c.actual, c.line]),
    ).toEqual([
      ['order_id.unique', 1, 21],
      ['amount_eur.range', 1, 34],
    ]);
  });

  it('exits 2 for an unknown product', () => {
    const { code, stderr } = runCli(['test', mesh, '--product', 'sales.nope'], work);
    expect(code).toBe(2);
    expect(stderr).toBe('meshwork: product sales.nope is not in this mesh; it has sales.orders\n');
  });
});
