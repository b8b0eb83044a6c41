import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, SAMPLE_TABLE } from '../../test/check-fixtures.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { compileFusedScan, compileSeparate, compileSqlCheck } from './check-compiler.js';
import type { CheckNode } from './check-node.js';

const TYPES = new Map([
  ['id', 'INTEGER'],
  ['name', 'VARCHAR'],
  ['age', 'INTEGER'],
  ['code', 'VARCHAR'],
  ['seen_at', 'TIMESTAMP'],
]);

let engine: DuckDBEngine;
beforeAll(async () => {
  engine = await DuckDBEngine.open(DEFAULT_LIMITS);
  await engine.run(SAMPLE_TABLE);
});
afterAll(() => engine.close());

/** Compiles one check, asserts the exact SQL and parameters, runs it on DuckDB and returns its value. */
async function golden(node: CheckNode, expression: string, parameters: unknown[]): Promise<unknown> {
  const scan = compileFusedScan('"t"', [node], TYPES);
  expect(scan.sql).toBe(`SELECT count(*) AS "n",\n  ${expression} AS "c0"\nFROM "t"`);
  expect(scan.parameters).toEqual(parameters);
  const [row] = await engine.query(scan.sql, scan.parameters);
  expect(row?.n).toBe(10n);
  return row?.c0;
}

describe('check compiler (golden SQL, run on DuckDB)', () => {
  it('nullValues', async () => {
    expect(await golden(check('nullValues', { column: 'name' }), 'count(*) FILTER (WHERE "name" IS NULL)', [])).toBe(
      2n,
    );
  });

  it('missingValues', async () => {
    const node = check('missingValues', { column: 'name', missing: ['', 'n/a'] });
    const sql =
      'count(*) FILTER (WHERE "name" IS NULL OR CAST("name" AS VARCHAR) IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)))';
    expect(await golden(node, sql, ['', 'n/a'])).toBe(3n);
  });

  it('invalidValues with validValues', async () => {
    const node = check('invalidValues', { column: 'code', validValues: ['de', 'fr', 'nl'], pattern: undefined });
    const sql =
      'count(*) FILTER (WHERE "code" IS NOT NULL AND ("code" NOT IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR))))';
    expect(await golden(node, sql, ['de', 'fr', 'nl'])).toBe(1n);
  });

  it('invalidValues with a pattern (nulls are not invalid)', async () => {
    const node = check('invalidValues', { column: 'name', validValues: undefined, pattern: '^[a-z]+$' });
    const sql =
      'count(*) FILTER (WHERE "name" IS NOT NULL AND (NOT regexp_matches(CAST("name" AS VARCHAR), CAST(? AS VARCHAR))))';
    expect(await golden(node, sql, ['^[a-z]+$'])).toBe(2n);
  });

  it('range with inclusive and exclusive bounds, parameters cast to the column type', async () => {
    const node = check('range', {
      column: 'age',
      minimum: 0,
      maximum: undefined,
      exclusiveMinimum: undefined,
      exclusiveMaximum: 90,
    });
    const sql = 'count(*) FILTER (WHERE "age" < CAST(? AS INTEGER) OR "age" >= CAST(? AS INTEGER))';
    expect(await golden(node, sql, [0, 90])).toBe(2n);
  });

  it('length', async () => {
    const node = check('length', { column: 'name', minLength: 1, maxLength: 5 });
    const sql =
      'count(*) FILTER (WHERE length(CAST("name" AS VARCHAR)) < CAST(? AS BIGINT) OR length(CAST("name" AS VARCHAR)) > CAST(? AS BIGINT))';
    expect(await golden(node, sql, [1, 5])).toBe(2n);
  });

  it('duplicateValues on one column', async () => {
    expect(await golden(check('duplicateValues', { columns: ['id'] }), 'count("id") - count(DISTINCT "id")', [])).toBe(
      1n,
    );
  });

  it('rowCount', async () => {
    expect(await golden(check('rowCount', {}), 'count(*)', [])).toBe(10n);
  });

  it('freshness and retention as age in hours', async () => {
    const fresh = check('freshness', { column: 'seen_at', property: 'latency', maxAgeMs: 1 });
    const age = await golden(fresh, '(epoch(current_timestamp) - epoch(max("seen_at"))) / 3600.0', []);
    const expected = (Date.now() - Date.parse('2026-01-10T10:00:00Z')) / 3_600_000;
    expect(Math.abs(Number(age) - expected)).toBeLessThan(0.1);
    const old = check('retention', { column: 'seen_at', property: 'retention', maxAgeMs: 1 });
    expect(await golden(old, '(epoch(current_timestamp) - epoch(min("seen_at"))) / 3600.0', [])).toBeGreaterThan(
      Number(age),
    );
  });

  it('fuses many checks into one scan with one slot each', () => {
    const nodes = [
      check('nullValues', { column: 'name' }),
      check('rowCount', {}),
      check('duplicateValues', { columns: ['id'] }),
    ];
    const scan = compileFusedScan('"t"', nodes, TYPES);
    expect(scan.sql.match(/FROM/g)).toHaveLength(1);
    expect([...scan.slots.values()]).toEqual(nodes.map((n) => n.id));
  });

  it('several-column duplicates get a statement of their own', async () => {
    const query = compileSeparate('"t"', check('duplicateValues', { columns: ['id', 'code'] }));
    expect(query?.sql).toBe('SELECT count(*) - count(DISTINCT ROW("id", "code")) AS "value"\nFROM "t"');
    const [row] = await engine.query(query?.sql ?? '');
    expect(row?.value).toBe(1n);
  });

  it('replaces the ODCS placeholders of custom SQL with quoted names', () => {
    const node = check('sql', {
      query: 'SELECT count(*) FROM ${object} WHERE ${property} < 0;',
      column: 'age',
    }) as CheckNode & { kind: 'sql' };
    expect(compileSqlCheck('"t"', node)).toBe('SELECT count(*) FROM "t" WHERE "age" < 0');
  });

  it('never puts user text into SQL text: values travel as parameters', () => {
    const evil = "x'); DROP TABLE t; --";
    const scan = compileFusedScan(
      '"t"',
      [check('invalidValues', { column: 'code', validValues: [evil], pattern: undefined })],
      TYPES,
    );
    expect(scan.sql).not.toContain('DROP');
    expect(scan.parameters).toEqual([evil]);
  });
});
