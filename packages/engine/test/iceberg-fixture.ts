import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { quoteLiteral } from '../src/duckdb/duckdb-dialect.js';
import { DuckDBEngine } from '../src/duckdb/duckdb-engine.js';
import { DEFAULT_LIMITS } from '../src/limits.js';

const made: string[] = [];
// Registered while the importing test file is collected, so each file removes the folders it made.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder for one table, removed after the test file. */
export function tempTableDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-iceberg-'));
  made.push(dir);
  return join(dir, 'orders');
}

/** An in-memory DuckDB with an `orders` table of `count` rows of every mapped primitive type. */
export async function ordersEngine(count: number): Promise<DuckDBEngine> {
  const engine = await DuckDBEngine.open(DEFAULT_LIMITS);
  await fillOrders(engine, count);
  return engine;
}

/** Replaces the `orders` table with `count` rows. */
export async function fillOrders(engine: DuckDBEngine, count: number): Promise<void> {
  await engine.run(`CREATE OR REPLACE TABLE orders AS
    SELECT i::INTEGER AS id,
           'customer ' || (i % 7) AS customer,
           (i * 1.25)::DECIMAL(10,2) AS amount,
           (i * 0.5)::DOUBLE AS weight,
           (i % 2 = 0) AS paid,
           DATE '2024-01-01' + i::INTEGER AS day,
           TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS placed_at,
           i::BIGINT * 1000000000 AS big,
           CASE WHEN i % 5 = 0 THEN NULL ELSE i::SMALLINT END AS small
      FROM range(${count}) AS t(i)`);
}

/** A DuckDB list literal of file paths, for `read_parquet([...])` (a list cannot be bound as a parameter). */
export function pathList(paths: readonly string[]): string {
  return `[${paths.map(quoteLiteral).join(', ')}]`;
}

/** Row count of the Parquet files given, read by DuckDB. */
export async function countParquet(engine: DuckDBEngine, paths: readonly string[]): Promise<number> {
  const [row] = await engine.query(`SELECT count(*) AS n FROM read_parquet(${pathList(paths)})`);
  return Number(row?.n);
}
