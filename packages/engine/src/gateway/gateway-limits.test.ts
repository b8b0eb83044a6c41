import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { runGatewayQuery } from './gateway-session.js';
import { checkGatewaySql } from './gateway-sql.js';
import { estimateBytes } from './result-size.js';

const limits = { memoryBytes: 128 * 1024 * 1024, threads: 1, queryTimeoutMs: 5_000 };
const options = { limits, rowLimit: 1000, salt: 'test-salt' };
let parser: DuckDBEngine;

beforeAll(async () => {
  parser = await DuckDBEngine.open(limits);
});
afterAll(() => parser.close());

describe('the size of an answer', () => {
  it('stops reading at the byte cap and says the answer was cut by size', async () => {
    const sql = "SELECT i, repeat('x', 1000) AS s FROM range(500) t(i)";
    const result = await runGatewayQuery([], sql, { ...options, maxResultBytes: 20_000 });
    expect(result.truncated).toBe(true);
    expect(result.truncatedBy).toBe('bytes');
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.rows.length).toBeLessThan(20);
    expect(estimateBytes(result.rows)).toBeLessThanOrEqual(20_000 + result.rows.length + 2);
  });

  it('says the row limit cut it when that came first', async () => {
    const result = await runGatewayQuery([], 'SELECT * FROM range(50)', { ...options, rowLimit: 10 });
    expect([result.rows.length, result.truncatedBy]).toEqual([10, 'rows']);
    const whole = await runGatewayQuery([], 'SELECT * FROM range(5)', options);
    expect([whole.truncated, whole.truncatedBy]).toEqual([false, undefined]);
  });

  it('refuses an answer whose first row alone is over the cap, naming the cap', async () => {
    const sql = "SELECT repeat('x', 100000) AS s";
    await expect(runGatewayQuery([], sql, { ...options, maxResultBytes: 50_000 })).rejects.toThrow(
      /first row of the answer is larger than the gateway's cap of 50000 bytes/,
    );
  });

  it('estimates JSON sizes on the high side', () => {
    expect(estimateBytes(['ana', 42n, null])).toBe(16);
    expect(estimateBytes('a\u0000')).toBeGreaterThanOrEqual(JSON.stringify('a\u0000').length);
    expect(estimateBytes({ k: new Uint8Array(3) })).toBeGreaterThanOrEqual(
      JSON.stringify({ k: { ...new Uint8Array(3) } }).length,
    );
  });
});

describe('values built by functions', () => {
  const refused = async (sql: string) => {
    const checked = await checkGatewaySql(parser, sql, new Set());
    return checked.ok ? undefined : checked.message;
  };

  it('refuses a literal size over the bound, in any size-taking function', async () => {
    expect(await refused("SELECT length(repeat('x', 2000000000))")).toMatch(
      /^repeat\(\) is asked for 2000000000 characters or elements; a gateway query builds at most 10000000/,
    );
    for (const sql of [
      "SELECT lpad('x', 2000000000, 'y')",
      "SELECT rpad('x', 20000000::BIGINT, 'y')",
      "SELECT repeat(repeat('ab', 10000), 1000)",
      'SELECT len(range(300000000))',
      'SELECT len(generate_series(1, 2 * 100000000))',
      'SELECT list_resize([1], 300000000)',
      "SELECT printf('%1000000000d', 1)",
      "SELECT format('{:>1000000000}', 'x')",
      'SELECT sum(x) FROM range(10) t(x), (SELECT repeat(1::VARCHAR, 1e9) AS y)',
    ]) {
      expect(await refused(sql), sql).toMatch(/is asked for .* a gateway query builds at most/);
    }
  });

  it('accepts sizes within the bound and table functions that stream', async () => {
    for (const sql of [
      "SELECT repeat('x', 100), lpad('7', 3, '0'), range(10), printf('%5d', 1)",
      'SELECT count(*) FROM range(1000000000)',
      "SELECT repeat('x', n) FROM (SELECT 5 AS n)",
    ]) {
      expect(await refused(sql), sql).toBeUndefined();
    }
  });
});
