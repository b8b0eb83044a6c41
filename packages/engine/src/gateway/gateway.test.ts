import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { type GatewayView, runGatewayQuery } from './gateway-session.js';
import { checkGatewaySql } from './gateway-sql.js';

const dir = mkdtempSync(join(tmpdir(), 'meshwork-gateway-'));
const store = join(dir, 'shared.duckdb');
const secret = join(dir, 'secret.txt');
const limits = { memoryBytes: 256 * 1024 * 1024, threads: 1, queryTimeoutMs: 3_000 };
const products = new Set(['marketing.customers', 'finance.invoices']);
const EMAILS = ['ana@example.com', 'ben@example.com', 'chloe@example.com'];
const NAMES = ['Ana Alves', 'Ben Berg', 'Chloe Chen'];

let parser: DuckDBEngine;
const views = (mask: 'redact' | 'hash' | 'null' | 'partial' = 'redact'): GatewayView[] => [
  {
    address: 'marketing.customers',
    source: { kind: 'store', file: store, table: 'marketing.customers' },
    columns: [
      { name: 'customer_id', type: 'BIGINT', mask: 'none' },
      { name: 'email', type: 'VARCHAR', mask },
      { name: 'full_name', type: 'VARCHAR', mask },
      { name: 'country', type: 'VARCHAR', mask: 'none' },
    ],
  },
  {
    address: 'finance.invoices',
    source: { kind: 'store', file: store, table: 'finance.invoices' },
    columns: [
      { name: 'invoice_id', type: 'BIGINT', mask: 'none' },
      { name: 'customer_id', type: 'BIGINT', mask: 'none' },
      { name: 'amount_eur', type: 'DECIMAL(12,2)', mask: 'none' },
    ],
  },
];
const options = { limits, rowLimit: 1000, salt: 'test-salt' };

beforeAll(async () => {
  writeFileSync(secret, 'top secret\n');
  const setup = await DuckDBEngine.open(limits, { path: store });
  await setup.run('CREATE SCHEMA marketing; CREATE SCHEMA finance');
  await setup.run(
    `CREATE TABLE marketing.customers AS SELECT * FROM (VALUES (1, '${EMAILS[0]}', '${NAMES[0]}', 'DE'), (2, '${EMAILS[1]}', '${NAMES[1]}', 'FR'), (3, '${EMAILS[2]}', '${NAMES[2]}', 'NL')) AS t(customer_id, email, full_name, country)`,
  );
  await setup.run(
    'CREATE TABLE finance.invoices AS SELECT i AS invoice_id, 1 + i % 3 AS customer_id, (i * 10.5)::DECIMAL(12,2) AS amount_eur FROM range(1, 10) t(i)',
  );
  setup.close();
  parser = await DuckDBEngine.open(limits);
});
afterAll(() => {
  parser.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (sql: string, mask: 'redact' | 'hash' | 'null' | 'partial' = 'redact') => {
  const checked = await checkGatewaySql(parser, sql, products);
  if (!checked.ok) return { refused: checked.message };
  return { result: await runGatewayQuery(views(mask), sql, options) };
};

describe('the gateway', () => {
  it('runs a cross-domain join with masked PII', async () => {
    const { result } = await run(
      'SELECT c.email, c.country, sum(i.amount_eur) AS total FROM finance.invoices i JOIN marketing.customers c USING (customer_id) GROUP BY ALL ORDER BY c.country',
    );
    expect(result?.rows.map(([email, country, total]) => [email, country, String(total)])).toEqual([
      ['[redacted]', 'DE', '189'],
      ['[redacted]', 'FR', '126'],
      ['[redacted]', 'NL', '157.5'],
    ]);
    expect(result?.columns.map((c) => [c.name, c.masked])).toEqual([
      ['email', true],
      ['country', false],
      ['total', false],
    ]);
  });

  it('masks with each method of the taxonomy', async () => {
    const sql = 'SELECT email FROM marketing.customers ORDER BY customer_id LIMIT 1';
    expect((await run(sql, 'null')).result?.rows).toEqual([[null]]);
    expect((await run(sql, 'partial')).result?.rows).toEqual([['a***@example.com']]);
    const hashed = (await run(sql, 'hash')).result?.rows[0]?.[0];
    expect(hashed).toMatch(/^h:[0-9a-f]{16}$/);
  });

  it('exports a result to Parquet in the server’s folder only, masked', async () => {
    const out = join(dir, 'export');
    mkdirSync(out);
    const file = join(out, 'data.parquet');
    const result = await runGatewayQuery(views(), 'SELECT customer_id, email FROM marketing.customers', {
      ...options,
      exportTo: file,
    });
    expect(result.rowCount).toBe(3);
    expect(result.columns.map((c) => [c.name, c.masked])).toEqual([
      ['customer_id', false],
      ['email', true],
    ]);
    const reader = await DuckDBEngine.open(limits);
    const rows = await reader.query(`SELECT email FROM read_parquet('${file}')`);
    reader.close();
    expect(rows.map((r) => r.email)).toEqual(['[redacted]', '[redacted]', '[redacted]']);
  });

  it('returns at most the row limit and says it truncated', async () => {
    const result = await runGatewayQuery(views(), 'SELECT * FROM range(5000)', { ...options, rowLimit: 10 });
    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe(true);
  });
});

/** Escape and bypass attempts: each is refused before it runs, or fails inside the locked instance. */
const ATTACKS: [string, string][] = [
  ['read_csv', "SELECT * FROM read_csv('SECRET')"],
  ['read_csv_auto', "SELECT * FROM read_csv_auto('SECRET')"],
  ['read_text', "SELECT * FROM read_text('SECRET')"],
  ['read_blob', "SELECT * FROM read_blob('SECRET')"],
  ['read_json', "SELECT * FROM read_json('SECRET')"],
  ['read_parquet', "SELECT * FROM read_parquet('SECRET')"],
  ['a path as a table', "SELECT * FROM 'SECRET'"],
  ['glob', "SELECT * FROM glob('/etc/*')"],
  ['the raw store by catalog name', 'SELECT * FROM mw_src_0.marketing.customers'],
  ['the raw store by file', "SELECT * FROM 'STORE'"],
  ['ATTACH', "ATTACH 'STORE' AS raw"],
  ['COPY TO', "COPY (SELECT * FROM marketing.customers) TO 'OUT'"],
  ['EXPORT DATABASE', "EXPORT DATABASE 'OUTDIR'"],
  ['PRAGMA', 'PRAGMA database_list'],
  ['SET', 'SET enable_external_access = true'],
  ['RESET', 'RESET lock_configuration'],
  ['INSTALL', 'INSTALL httpfs'],
  ['LOAD', 'LOAD httpfs'],
  ['CREATE TABLE', 'CREATE TABLE x AS SELECT * FROM marketing.customers'],
  ['a second statement', "SELECT 1; ATTACH 'STORE' AS raw"],
  ['a statement after a comment', "SELECT 1 -- harmless\n; COPY (SELECT 1) TO 'OUT'"],
  ['getenv', "SELECT getenv('HOME')"],
  ['current_setting', "SELECT current_setting('allowed_directories')"],
  ['duckdb_settings()', 'SELECT * FROM duckdb_settings()'],
  ['duckdb_databases()', 'SELECT * FROM duckdb_databases()'],
  ['information_schema', 'SELECT * FROM information_schema.tables'],
  ['pg_catalog', 'SELECT * FROM pg_catalog.pg_tables'],
  ['duckdb_views() for the salt', 'SELECT sql FROM duckdb_views()'],
  ['query() runs SQL text', "SELECT * FROM query('SELECT * FROM mw_src_0.marketing.customers')"],
  ['json_execute_serialized_sql', "SELECT json_execute_serialized_sql(json_serialize_sql('SELECT 1'))"],
  ['quoted catalog name', 'SELECT * FROM "mw_src_0"."marketing"."customers"'],
  ['comment inside the name', 'SELECT * FROM mw_src_0/**/.marketing.customers'],
  ['DESCRIBE', 'DESCRIBE marketing.customers'],
  ['SHOW TABLES', 'SHOW ALL TABLES'],
  ['SUMMARIZE', 'SUMMARIZE marketing.customers'],
  ['deep nesting', `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`],
  ['very long SQL', `SELECT 1 ${'+ 1 '.repeat(40_000)}`],
  ['an unknown product', 'SELECT * FROM marketing.prospects'],
  ['a bare table name', 'SELECT * FROM customers'],
  // A CTE is visible only in its own WITH's query and below: a name defined in a subquery exempts nothing beside it.
  [
    'system views through a CTE of a subquery',
    'SELECT v.sql, (SELECT count(*) FROM finance.invoices) FROM (WITH duckdb_views AS (SELECT 1) SELECT 1) t, duckdb_views v WHERE NOT v.internal',
  ],
  [
    'the raw store file through a CTE of a subquery',
    'SELECT r.email FROM (WITH "STORE" AS (SELECT 1) SELECT 1) t, "STORE" r',
  ],
  [
    'duckdb_databases through a CTE of a subquery',
    'SELECT * FROM (WITH duckdb_databases AS (SELECT 1) SELECT 1) t, duckdb_databases',
  ],
  [
    'duckdb_tables through a lateral CTE',
    'SELECT * FROM duckdb_tables, LATERAL (WITH duckdb_tables AS (SELECT 1) SELECT 1)',
  ],
  [
    'duckdb_columns through a set operation',
    'SELECT 1 FROM (WITH duckdb_columns AS (SELECT 1) SELECT 1) UNION ALL SELECT 1 FROM duckdb_columns',
  ],
  [
    'sqlite_master through a nested WITH',
    'WITH a AS (SELECT 1) SELECT * FROM (WITH b AS (SELECT 1) SELECT * FROM b), sqlite_master',
  ],
  ['a CTE body that names itself', 'WITH duckdb_views AS (SELECT * FROM duckdb_views) SELECT * FROM duckdb_views'],
  [
    'a CTE body that names a later CTE',
    'WITH a AS (SELECT * FROM duckdb_views), duckdb_views AS (SELECT 1) SELECT * FROM a',
  ],
  [
    'the anchor of a recursive CTE',
    'WITH RECURSIVE duckdb_views AS (SELECT * FROM duckdb_views UNION ALL SELECT 1) SELECT 1',
  ],
];

describe('attack surface', () => {
  it('has at least 30 escape and bypass attempts', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(30);
  });

  for (const [name, template] of ATTACKS) {
    it(`refuses ${name}`, async () => {
      const sql = template
        .replaceAll('SECRET', secret)
        .replaceAll('STORE', store)
        .replaceAll('OUTDIR', join(dir, 'out'))
        .replaceAll('OUT', join(dir, 'out.csv'));
      const outcome = await run(sql).catch((error: Error) => ({ failed: error.message }));
      expect('refused' in outcome || 'failed' in outcome).toBe(true);
      const text = JSON.stringify(outcome);
      expect(text).not.toContain('top secret');
      expect(text).not.toContain('ana@example.com');
    });
  }

  it('refuses each CTE-scope escape before it runs, and accepts CTEs used where they are visible', async () => {
    for (const [name, template] of ATTACKS.filter(([n]) => /CTE|WITH|set operation/.test(n))) {
      const checked = await checkGatewaySql(parser, template.replaceAll('STORE', store), products);
      expect(checked.ok, name).toBe(false);
    }
    const visible = [
      'WITH customers AS (SELECT * FROM marketing.customers) SELECT * FROM customers',
      'WITH Customers AS (SELECT * FROM marketing.customers) SELECT * FROM customers',
      'WITH a AS (SELECT * FROM finance.invoices), b AS (SELECT * FROM a) SELECT * FROM b',
      'SELECT * FROM (WITH a AS (SELECT * FROM finance.invoices) SELECT * FROM a)',
      'WITH a AS (SELECT 1 AS x) SELECT (SELECT x FROM a), * FROM (SELECT * FROM a) UNION ALL SELECT 2, 2 FROM a',
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r',
      'SELECT * FROM finance.invoices i, LATERAL (WITH q AS (SELECT i.amount_eur AS a) SELECT * FROM q)',
    ];
    for (const sql of visible) expect(await checkGatewaySql(parser, sql, products), sql).toMatchObject({ ok: true });
  });

  it('a share’s snapshot is copied in masked, so its file cannot be read even by SQL that skipped the checks', async () => {
    const file = join(dir, 'share', 'customers.parquet');
    mkdirSync(join(dir, 'share'), { recursive: true });
    const writer = await DuckDBEngine.open(limits, { path: store });
    await writer.run(`COPY marketing.customers TO '${file}' (FORMAT parquet)`);
    writer.close();
    const [customers] = views();
    const shared: GatewayView[] = [{ ...(customers as GatewayView), source: { kind: 'parquet', file } }];
    const masked = await runGatewayQuery(shared, 'SELECT email FROM marketing.customers', options);
    expect(masked.rows.flat()).toEqual(['[redacted]', '[redacted]', '[redacted]']);
    for (const sql of [`SELECT * FROM '${file}'`, `SELECT * FROM read_parquet('${file}')`]) {
      await expect(runGatewayQuery(shared, sql, options), sql).rejects.toThrow(/Permission|disabled|not allowed/i);
    }
  });

  it('stops a recursive CTE bomb and a huge cross join at the time limit, and stays usable', async () => {
    const bomb = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';
    await expect(run(bomb)).rejects.toThrow(/interrupted|timeout|memory/i);
    const cross = 'SELECT count(*) FROM range(100000000) a, range(100000000) b';
    await expect(run(cross)).rejects.toThrow(/interrupted|timeout/i);
    expect((await run('SELECT count(*) AS n FROM marketing.customers')).result?.rows).toEqual([[3n]]);
  }, 20_000);
});

describe('masking cannot be bypassed', () => {
  const shapes = [
    'SELECT * FROM marketing.customers',
    'SELECT * EXCLUDE (customer_id) FROM marketing.customers',
    'SELECT COLUMNS(*) FROM marketing.customers',
    "SELECT COLUMNS('e.*') FROM marketing.customers",
    'SELECT c FROM marketing.customers c',
    'SELECT {e: email, n: full_name} AS s FROM marketing.customers',
    "SELECT string_agg(email, ',') FROM marketing.customers",
    'SELECT upper(email), reverse(full_name), substr(email, 1, 3) FROM marketing.customers',
    'SELECT max(email), min(full_name), list(email) FROM marketing.customers',
    'WITH x AS (SELECT * FROM marketing.customers) SELECT * FROM x',
    'SELECT * FROM (SELECT email AS e FROM marketing.customers) WHERE e IS NOT NULL',
    "SELECT count(*) FROM marketing.customers WHERE email = 'ana@example.com'",
    "SELECT customer_id FROM marketing.customers WHERE email LIKE 'a%'",
    'SELECT i.*, c.* FROM finance.invoices i JOIN marketing.customers c USING (customer_id)',
    'SELECT email FROM marketing.customers UNION ALL SELECT full_name FROM marketing.customers',
    'SELECT to_json(c) FROM marketing.customers c',
    'SELECT CAST(email AS INTEGER) FROM marketing.customers',
    'SELECT md5(email), hash(email), length(email) FROM marketing.customers',
  ];

  it('every shape but the failing cast runs (so the property below tests results, not refusals)', async () => {
    for (const sql of shapes.filter((q) => !q.includes('CAST'))) {
      const outcome = await run(sql);
      expect(outcome, sql).toHaveProperty('result');
    }
  });

  it('no raw value of a masked column appears in any result or error (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...shapes),
        fc.constantFrom<'redact' | 'hash' | 'null' | 'partial'>('redact', 'hash', 'null', 'partial'),
        async (sql, mask) => {
          const outcome = await run(sql, mask).catch((error: Error) => ({ failed: error.message }));
          const text = JSON.stringify(outcome, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
          for (const raw of [...EMAILS, ...NAMES]) expect(text).not.toContain(raw);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('a consumer learns nothing by filtering on the raw value', async () => {
    const { result } = await run("SELECT count(*) FROM marketing.customers WHERE email = 'ana@example.com'");
    expect(result?.rows).toEqual([[0n]]);
  });
});
