import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, SAMPLE_TABLE } from '../../test/check-fixtures.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../limits.js';
import type { CheckNode } from './check-node.js';
import { readStatistics, type TableStatistics } from './column-statistics.js';
import { compileProbeScan } from './probe-scan.js';

let engine: DuckDBEngine;
let stats: TableStatistics;
let types: Map<string, string>;
beforeAll(async () => {
  engine = await DuckDBEngine.open(DEFAULT_LIMITS);
  await engine.run(SAMPLE_TABLE);
  types = new Map((await engine.query('DESCRIBE t')).map((r) => [String(r.column_name), String(r.column_type)]));
  stats = await readStatistics(engine, '"t"', types);
});
afterAll(() => engine.close());

/** Asserts the probe expression of one check, runs it and returns its value (null = "count it"). */
async function probe(node: CheckNode, expression: string | undefined, parameters: unknown[] = []): Promise<unknown> {
  const scan = compileProbeScan('"t"', [node], types, stats);
  if (expression === undefined) {
    expect(scan.slots.size).toBe(0);
    return undefined;
  }
  expect(scan.sql).toBe(`SELECT count(*) AS "n",\n  ${expression} AS "p0"\nFROM "t"`);
  expect(scan.parameters).toEqual(parameters);
  const [row] = await engine.query(scan.sql, scan.parameters);
  return row?.p0;
}

describe('probe scan (golden SQL, run on DuckDB)', () => {
  it('counts nulls exactly from non-null counts', async () => {
    expect(await probe(check('nullValues', { column: 'name' }), 'count(*) - count("name")')).toBe(2n);
  });

  it('tests the distinct values of a low-cardinality column instead of every row', async () => {
    const valid = check('invalidValues', { column: 'code', validValues: ['de', 'fr', 'nl', 'zz'], pattern: undefined });
    const sql =
      'CASE WHEN len(list_filter(list(DISTINCT "code"), x -> x NOT IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) = 0 THEN 0 END';
    expect(await probe(valid, sql, ['de', 'fr', 'nl', 'zz'])).toBe(0);
    const invalid = check('invalidValues', { column: 'code', validValues: ['de'], pattern: undefined });
    expect(
      await probe(
        invalid,
        'CASE WHEN len(list_filter(list(DISTINCT "code"), x -> x NOT IN (CAST(? AS VARCHAR)))) = 0 THEN 0 END',
        ['de'],
      ),
    ).toBeNull();
  });

  it('proves bounds from min and max, or asks for a count', async () => {
    const inside = check('range', {
      column: 'age',
      minimum: -1,
      maximum: 95,
      exclusiveMinimum: undefined,
      exclusiveMaximum: undefined,
    });
    const sql = 'CASE WHEN min("age") >= CAST(? AS INTEGER) AND max("age") <= CAST(? AS INTEGER) THEN 0 END';
    expect(await probe(inside, sql, [-1, 95])).toBe(0);
    const outside = check('range', {
      column: 'age',
      minimum: 0,
      maximum: 95,
      exclusiveMinimum: undefined,
      exclusiveMaximum: undefined,
    });
    expect(await probe(outside, sql, [0, 95])).toBeNull();
  });

  it('proves lengths from byte lengths (max) and character lengths (min)', async () => {
    const node = check('length', { column: 'name', minLength: 0, maxLength: 12 });
    const sql =
      'CASE WHEN max(strlen(CAST("name" AS VARCHAR))) <= CAST(? AS BIGINT) AND min(length(CAST("name" AS VARCHAR))) >= CAST(? AS BIGINT) THEN 0 END';
    expect(await probe(node, sql, [12, 0])).toBe(0);
  });

  it('checks integer uniqueness with a bitmap bounded by the statistics', async () => {
    expect(
      await probe(check('duplicateValues', { columns: ['id'] }), 'count("id") - bit_count(bitstring_agg("id", 1, 9))'),
    ).toBe(1n);
  });

  it('leaves hash-based uniqueness to a statement of its own', async () => {
    expect(await probe(check('duplicateValues', { columns: ['name'] }), undefined)).toBeUndefined();
  });

  it('counts missing markers on a low-cardinality column through its distinct values', async () => {
    const node = check('missingValues', { column: 'code', missing: ['n/a'] });
    const sql =
      'CASE WHEN len(list_filter(list(DISTINCT "code"), x -> CAST(x AS VARCHAR) IN (CAST(? AS VARCHAR)))) = 0 THEN count(*) - count("code") END';
    expect(await probe(node, sql, ['n/a'])).toBe(0n);
  });
});
