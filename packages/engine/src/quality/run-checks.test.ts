import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, SAMPLE_TABLE } from '../../test/check-fixtures.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { runChecks } from './run-checks.js';
import { openSandbox } from './sandbox.js';

let engine: DuckDBEngine;
beforeAll(async () => {
  engine = await DuckDBEngine.open(DEFAULT_LIMITS);
  await engine.run(SAMPLE_TABLE);
});
afterAll(() => engine.close());

describe('runChecks', () => {
  it('evaluates operators and percentages, and reports how each value was obtained', async () => {
    const run = await runChecks(engine, '"t"', 't', [
      check('nullValues', {
        column: 'name',
        id: 'names',
        expectation: { operator: 'mustBeLessThan', value: 25 },
        unit: 'percent',
      }),
      check('rowCount', { id: 'rows', expectation: { operator: 'mustBeBetween', value: [5, 20] } }),
      check('nullValues', { column: 'id', id: 'ids' }),
      check('duplicateValues', { columns: ['id'], id: 'dups' }),
    ]);
    expect(run.rows).toBe(10);
    expect(run.results.map((r) => [r.id, r.status, r.actual, r.expected, r.method])).toEqual([
      ['names', 'passed', 20, '< 25 %', 'fused-scan'],
      ['rows', 'passed', 10, 'between 5 and 20', 'statistics'],
      ['ids', 'passed', 0, '= 0', 'statistics'],
      ['dups', 'failed', 1, '= 0', 'fused-scan'],
    ]);
    expect(run.results[3]?.reason).toBe('test: measured 1, expected = 0');
  });

  it('turns a check on a missing column into an error result, not an exception', async () => {
    const run = await runChecks(engine, '"t"', 't', [check('nullValues', { column: 'nope', id: 'x' })]);
    expect(run.results[0]).toMatchObject({
      status: 'error',
      reason: 'column nope does not exist in t (it has id, name, age, code, seen_at)',
    });
  });

  it('turns an unreadable table into error results', async () => {
    const run = await runChecks(engine, '"missing"', 'missing', [check('rowCount', { id: 'r' })]);
    expect(run.results[0]?.status).toBe('error');
    expect(run.results[0]?.reason).toMatch(/^table missing cannot be read/);
  });

  it('reports an SLA without values as failed with the reason', async () => {
    await engine.run('CREATE OR REPLACE TABLE empty_t (seen_at TIMESTAMP)');
    const run = await runChecks(engine, '"empty_t"', 'empty_t', [
      check('freshness', {
        column: 'seen_at',
        property: 'latency',
        maxAgeMs: 1,
        expectation: { operator: 'mustBeLessOrEqualTo', value: 1 },
      }),
    ]);
    expect(run.results[0]).toMatchObject({ status: 'failed', reason: 'seen_at has no values' });
  });

  it('gives the same answers with and without statistics', async () => {
    const nodes = [
      check('nullValues', { column: 'id', id: 'a' }),
      check('range', {
        column: 'age',
        id: 'b',
        minimum: 0,
        maximum: 100,
        exclusiveMinimum: undefined,
        exclusiveMaximum: undefined,
      }),
      check('length', { column: 'code', id: 'c', minLength: undefined, maxLength: 2 }),
    ];
    const fast = await runChecks(engine, '"t"', 't', nodes);
    const slow = await runChecks(engine, '"t"', 't', nodes, { useStatistics: false });
    expect(fast.results.map((r) => [r.status, r.actual])).toEqual(slow.results.map((r) => [r.status, r.actual]));
    expect(slow.results.every((r) => r.method === 'fused-scan')).toBe(true);
  });
});

describe('statistics proofs are sound', () => {
  it('still finds a violation hidden in one row group of many', async () => {
    const db = await DuckDBEngine.open(DEFAULT_LIMITS);
    try {
      // 1,000,000 rows in about 8 row groups; one null and one out-of-range value deep in the middle.
      await db.run(`CREATE TABLE big AS SELECT i AS id,
        CASE WHEN i = 654321 THEN NULL ELSE i % 100 END AS v,
        CASE WHEN i = 543210 THEN 1000 ELSE i % 100 END AS w,
        CASE WHEN i = 432109 THEN 'much-too-long' ELSE 'ok' END AS s
        FROM range(1000000) r(i)`);
      const run = await runChecks(db, '"big"', 'big', [
        check('nullValues', { column: 'id', id: 'id-null' }),
        check('nullValues', { column: 'v', id: 'v-null' }),
        check('range', {
          column: 'w',
          id: 'w-range',
          minimum: 0,
          maximum: 99,
          exclusiveMinimum: undefined,
          exclusiveMaximum: undefined,
        }),
        check('length', { column: 's', id: 's-length', minLength: undefined, maxLength: 2 }),
      ]);
      expect(run.results.map((r) => [r.id, r.status, r.actual, r.method])).toEqual([
        ['id-null', 'passed', 0, 'statistics'],
        ['v-null', 'failed', 1, 'fused-scan'],
        ['w-range', 'failed', 1, 'fused-scan'],
        ['s-length', 'failed', 1, 'fused-scan'],
      ]);
    } finally {
      db.close();
    }
  });
});

describe('custom SQL checks in the sandbox', () => {
  const sandbox = () =>
    openSandbox(DEFAULT_LIMITS, [{ name: 'v', kind: 'sql', select: '(SELECT range AS x FROM range(10))' }]);
  const sql = (query: string) => check('sql', { query, column: 'x', id: 'q' });

  it('runs a query with ${object} and ${property} placeholders', async () => {
    const db = await sandbox();
    try {
      const run = await runChecks(db, '"v"', 'v', [sql('SELECT count(*) FROM ${object} WHERE ${property} > 7')]);
      expect(run.results[0]).toMatchObject({ status: 'failed', actual: 2, method: 'query' });
    } finally {
      db.close();
    }
  });

  it.each([
    [
      "SELECT count(*) FROM read_csv('/etc/passwd')",
      'the custom SQL calls a table function; a check may read only its table',
    ],
    [
      'SELECT count(*) FROM duckdb_settings()',
      'the custom SQL calls a table function; a check may read only its table',
    ],
    [
      'SELECT count(*) FROM other.table_x',
      'the custom SQL reads other.table_x; a check may read only v (use ${object})',
    ],
    [
      "ATTACH '/tmp/x.db' AS x",
      'the custom SQL is not a single SELECT: only a SELECT statement (or WITH ... SELECT) is allowed here',
    ],
    ['SELECT 1; SELECT 2', 'the custom SQL is not a single SELECT: expected exactly one SELECT statement, found 2'],
    ["SELECT 'abc'", 'the custom SQL returned "abc", not a number'],
    ['SELECT x FROM ${object}', 'the custom SQL returned more than one row; it must return exactly one number'],
  ])('refuses %s', async (query, reason) => {
    const db = await sandbox();
    try {
      const run = await runChecks(db, '"v"', 'v', [sql(query)]);
      expect(run.results[0]).toMatchObject({ status: 'error', reason });
    } finally {
      db.close();
    }
  });

  it('cannot read files even through expressions, or change settings', async () => {
    const db = await sandbox();
    try {
      await expect(db.query("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(/disabled|Permission/i);
      await expect(db.run('SET enable_external_access = true')).rejects.toThrow(/locked/i);
    } finally {
      db.close();
    }
  });
});
