import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { maskedOutputs } from './masked-outputs.js';
import { selectTree } from './sql-tree.js';

let engine: DuckDBEngine;
const MASKED = new Set(['email', 'full_name']);

beforeAll(async () => {
  engine = await DuckDBEngine.open({ memoryBytes: 128 * 1024 * 1024, threads: 1, queryTimeoutMs: 5_000 });
  await engine.run('CREATE SCHEMA marketing; CREATE SCHEMA finance');
  await engine.run(
    "CREATE TABLE marketing.customers AS SELECT 1 AS customer_id, 'a@x' AS email, 'A' AS full_name, 'DE' AS country",
  );
  await engine.run('CREATE TABLE finance.invoices AS SELECT 1 AS invoice_id, 1 AS customer_id, 10.5 AS amount_eur');
});
afterAll(() => engine.close());

/** Output names as the gateway sees them (its wrapper dedups them), each with its masked flag. */
async function flags(sql: string): Promise<[string, boolean][]> {
  const described = await engine.queryTable(`DESCRIBE SELECT * FROM (\n${sql}\n) AS mw_query`);
  const names = described.rows.map((r) => String(r[0]));
  const masked = maskedOutputs(await selectTree(engine, sql), names, MASKED);
  return names.map((n, i) => [n, masked[i] ?? true]);
}

describe('masked flags follow the data, not the name', () => {
  it('marks a masked column masked however often and under whatever name it is selected', async () => {
    expect(await flags('SELECT email, email FROM marketing.customers')).toEqual([
      ['email', true],
      ['email_1', true],
    ]);
    expect(await flags('SELECT customer_id, email AS contact, email AS customer_key FROM marketing.customers')).toEqual(
      [
        ['customer_id', false],
        ['contact', true],
        ['customer_key', true],
      ],
    );
  });

  it('marks what derives from a masked column masked, and leaves the rest unmasked', async () => {
    expect(
      await flags(
        'SELECT upper(email), count(full_name) AS n, country, length(country) AS l FROM marketing.customers GROUP BY ALL',
      ),
    ).toEqual([
      ['upper(email)', true],
      ['n', true],
      ['country', false],
      ['l', false],
    ]);
    expect((await flags('SELECT c FROM marketing.customers c')).map(([, m]) => m)).toEqual([true]);
    expect(await flags('SELECT * REPLACE (email AS country) FROM marketing.customers')).toEqual([
      ['customer_id', false],
      ['email', true],
      ['full_name', true],
      ['country', true],
    ]);
  });

  it('follows names through subqueries, CTEs, stars and column lists', async () => {
    expect(await flags('SELECT * FROM (SELECT email AS e, customer_id FROM marketing.customers)')).toEqual([
      ['e', true],
      ['customer_id', false],
    ]);
    expect(await flags('WITH x AS (SELECT email AS id FROM marketing.customers) SELECT id, 1 AS one FROM x')).toEqual([
      ['id', true],
      ['one', false],
    ]);
    expect(await flags('SELECT b FROM marketing.customers AS c(a, b)')).toEqual([['b', true]]);
    expect(await flags('SELECT * FROM (SELECT upper(email), customer_id FROM marketing.customers)')).toEqual([
      ['upper(email)', true],
      ['customer_id', true],
    ]);
    expect(
      await flags('SELECT i.*, c.country FROM finance.invoices i JOIN marketing.customers c USING (customer_id)'),
    ).toEqual([
      ['invoice_id', false],
      ['customer_id', false],
      ['amount_eur', false],
      ['country', false],
    ]);
  });

  it('follows set operations by position, and masks everything where it cannot follow', async () => {
    expect(
      await flags(
        'SELECT customer_id, country FROM marketing.customers UNION ALL SELECT 1, email FROM marketing.customers',
      ),
    ).toEqual([
      ['customer_id', false],
      ['country', true],
    ]);
    const unpivot = await flags('SELECT * FROM marketing.customers UNPIVOT (v FOR k IN (email, country))');
    expect(unpivot.every(([, m]) => m)).toBe(true);
    expect(await flags('SELECT invoice_id FROM finance.invoices')).toEqual([['invoice_id', false]]);
  });
});
