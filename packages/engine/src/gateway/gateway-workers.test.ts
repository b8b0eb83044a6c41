import { afterAll, describe, expect, it } from 'vitest';
import { QueryTimeoutError } from '../engine.js';
import { GatewayWorkers, QueryMemoryError } from './gateway-workers.js';

const job = (sql: string) => ({ views: [], sql, options: { rowLimit: 10, salt: 'test-salt' } });
const workers = new GatewayWorkers({ memoryBytes: 64 * 1024 * 1024, threads: 1, queryTimeoutMs: 20_000 });
const quick = new GatewayWorkers({ memoryBytes: 64 * 1024 * 1024, threads: 1, queryTimeoutMs: 500 });

afterAll(() => {
  workers.close();
  quick.close();
});

describe('gateway query processes', () => {
  it('run queries in a process of their own, one after another', async () => {
    const first = await workers.run(job('SELECT 42 AS n'));
    expect(first.rows).toEqual([[42]]);
    expect((await workers.run(job("SELECT 'again' AS s"))).rows).toEqual([['again']]);
  });

  // DuckDB's memory limit does not cover the string repeat() builds (2 GB here): the process is stopped
  // when it passes the query's limit, long before that.
  it('stop a query whose function builds a value past the memory limit, and stay usable', async () => {
    const run = workers.run(job("SELECT length(repeat('x', (SELECT 2000000000))) AS n"));
    await expect(run).rejects.toThrow(QueryMemoryError);
    await expect(run).rejects.toThrow(/more than the gateway's 64 MiB of memory/);
    expect((await workers.run(job('SELECT 1 AS n'))).rows).toEqual([[1]]);
  });

  // One levenshtein() call over 200,000 characters runs for minutes with little memory, and DuckDB's
  // interrupt is not seen inside one call: only the process's deadline ends it within the test's time.
  it('stop a single call that ignores the interrupt at the time limit', async () => {
    const sql = "SELECT levenshtein(repeat('a', 200000), repeat('b', 200000)) AS d";
    await expect(quick.run(job(sql))).rejects.toThrow(QueryTimeoutError);
    expect((await quick.run(job('SELECT 2 AS n'))).rows).toEqual([[2]]);
  });
});
