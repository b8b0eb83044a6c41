import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, listAudit, listQueries } from '@meshwork/catalog';
import {
  buildExampleMesh,
  loadExampleMesh,
  PERSONAS,
  type PersonaKey,
  startServer,
  type TestServer,
} from '@meshwork/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliAsync } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-gateway-'));
const dataDir = join(work, 'data');
let example: TestServer;
let catalog: Catalog;
let server: string;
let tokens: Record<PersonaKey, string>;

const cli = (args: readonly string[]) => runCliAsync(args, work);
const as = (user: PersonaKey, ...args: string[]) => cli([...args, '--server', server, '--token', tokens[user]]);
const api = async (user: PersonaKey, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
};
const FATIMA = PERSONAS.consumer.email; // the finance analyst, clearance confidential
const JOIN = `SELECT c.country, c.email, count(*) AS invoices, sum(i.amount_eur) AS revenue
FROM finance.invoices i JOIN marketing.customers c USING (customer_id)
GROUP BY ALL ORDER BY revenue DESC LIMIT 5`;

/** The finance analyst asks for marketing.customers (PII stays masked) and its owner approves. */
async function grantCustomersToAnalyst(): Promise<void> {
  const asked = await api('consumer', 'POST', '/api/v1/access/requests', {
    product: 'marketing.customers',
    purpose: 'Revenue per customer country for the quarterly board pack.',
    expiresInDays: 30,
  });
  const id = (JSON.parse(asked.text) as { request: { id: string } }).request.id;
  expect((await api('owner', 'POST', `/api/v1/access/requests/${id}/approve`, {})).status).toBe(200);
}

// The products are built once; each test gets a fresh catalog and server over them, so grants, metering and
// audit of one test never show in another.
beforeAll(async () => {
  await buildExampleMesh(loadExampleMesh().mesh, dataDir);
}, 240_000);
beforeEach(async () => {
  example = await startServer({ governance: true, dataDir });
  ({ catalog, url: server, tokens } = example);
}, 120_000);
afterEach(async () => {
  await example?.close();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the governed SQL gateway on the example mesh', () => {
  it('a finance analyst without a grant is refused marketing.customers, asks, is approved, and joins with PII masked', async () => {
    const refused = await as('consumer', 'query', JOIN);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('fatima.ali@acme.example may not query marketing.customers');
    expect(refused.stderr).toContain('meshwork access request marketing.customers');

    const asked = await as(
      'consumer',
      'access',
      'request',
      'marketing.customers',
      '--purpose',
      'Revenue per customer country for the quarterly board pack.',
      '--json',
    );
    expect(asked.code).toBe(0);
    const request = JSON.parse(asked.stdout) as { request: { id: string; status: string } };
    expect(request.request.status).toBe('pending');
    const approved = await as('owner', 'access', 'approve', request.request.id, '--note', 'ok for the board pack');
    expect(approved.code).toBe(0);

    const answered = await as('consumer', 'query', JOIN, '--format', 'json');
    expect(answered.stderr).toBe('');
    expect(answered.code).toBe(0);
    const body = JSON.parse(answered.stdout) as {
      columns: { name: string; masked: boolean }[];
      rows: unknown[][];
      stats: { products: string[] };
    };
    expect(body.stats.products).toEqual(['finance.invoices', 'marketing.customers']);
    expect(body.rows.length).toBe(5);
    expect(body.columns.find((c) => c.name === 'email')?.masked).toBe(true);
    expect(body.rows.every((r) => r[1] === '[redacted]')).toBe(true);
    // The analyst's own domain's confidential amounts are above her clearance too: masked (NULL), not summed.
    expect(body.columns.find((c) => c.name === 'revenue')).toBeDefined();

    const table = await as(
      'consumer',
      'query',
      'SELECT country, count(*) AS n FROM marketing.customers GROUP BY ALL ORDER BY n DESC',
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/country\s+n/);
    expect(table.stdout).toContain('from marketing.customers');
  }, 120_000);

  it('answers bad SQL with 400 and its position, and refuses writes, files and settings', async () => {
    const bad = await as('consumer', 'query', 'SELECT * FROM marketing.customerz');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('marketing.customerz is not a data product');
    expect(bad.stderr).toContain('did you mean marketing.customers?');
    for (const sql of [
      "COPY (SELECT 1) TO '/tmp/x.csv'",
      "SELECT * FROM read_text('/etc/passwd')",
      'SET threads = 64',
    ]) {
      const response = await api('consumer', 'POST', '/api/v1/query', { sql });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text).error.code).toBe('invalid_query');
    }
    expect((await api('consumer', 'GET', '/healthz')).status).toBe(200);
  });

  it('answers 503, not 400, when the engine cannot read a store (locked by another process writing it)', async () => {
    const store = join(dataDir, 'stores', 'shared.duckdb');
    const writer = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         await (await DuckDBInstance.create(${JSON.stringify(store)})).connect();
         console.log('holding');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const sql = 'SELECT count(*) AS n FROM marketing.customers';
    try {
      await new Promise((resolve) => writer.stdout.once('data', resolve));
      const locked = await api('owner', 'POST', '/api/v1/query', { sql });
      expect(locked.status).toBe(503);
      const { error } = JSON.parse(locked.text) as { error: { code: string; message: string } };
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(
        /^the gateway could not read the data \(IO Error: Could not set lock on file "<data>\/stores\/shared\.duckdb".*\); try again in a moment$/s,
      );
    } finally {
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      writer.kill('SIGKILL');
      await exited;
    }
    expect((await api('owner', 'POST', '/api/v1/query', { sql })).status).toBe(200);
  });

  it('serves csv and ndjson, and the REST data API with paging and the same masking', async () => {
    await grantCustomersToAnalyst();
    const csv = await api('consumer', 'POST', '/api/v1/query', {
      sql: 'SELECT customer_id, email FROM marketing.customers ORDER BY customer_id LIMIT 2',
      format: 'csv',
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-meshwork-masked-columns')).toBe('email');
    expect(csv.text.split('\n')[0]).toBe('customer_id,email');
    expect(csv.text).toContain(',[redacted]');

    const page = await api(
      'consumer',
      'GET',
      '/api/v1/products/marketing.customers/data?columns=customer_id,email&limit=3',
    );
    expect(page.status).toBe(200);
    const first = JSON.parse(page.text) as { rows: unknown[][]; next: string | null };
    expect(first.rows).toHaveLength(3);
    expect(first.next).toBe('3');
    const second = JSON.parse(
      (
        await api(
          'consumer',
          'GET',
          '/api/v1/products/marketing.customers/data?columns=customer_id,email&limit=3&cursor=3',
        )
      ).text,
    ) as { rows: unknown[][] };
    expect(second.rows[0]?.[0]).not.toEqual(first.rows[0]?.[0]);
    const parquet = await fetch(`${server}/api/v1/products/marketing.customers/data?format=parquet&limit=50000`, {
      headers: { authorization: `Bearer ${tokens.consumer}` },
    });
    expect(parquet.status).toBe(200);
    expect(parquet.headers.get('content-type')).toContain('parquet');
    expect(parquet.headers.get('x-meshwork-masked-columns')).toBe('email,full_name,street_address');
    const bytes = Buffer.from(await parquet.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const unknown = await api('consumer', 'GET', '/api/v1/products/marketing.customers/data?columns=emal');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error).toMatchObject({ details: { field: 'columns' } });
    expect(unknown.text).toContain('Did you mean `email`?');
  });

  it('marks every output column that holds masked data masked, whatever its name', async () => {
    await grantCustomersToAnalyst();
    const sql = 'SELECT email, email, email AS contact, customer_id FROM marketing.customers LIMIT 2';
    const answer = await api('consumer', 'POST', '/api/v1/query', { sql });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { columns: { name: string; masked: boolean }[]; truncatedBy: unknown };
    expect(body.columns.map((c) => [c.name, c.masked])).toEqual([
      ['email', true],
      ['email_1', true],
      ['contact', true],
      ['customer_id', false],
    ]);
    expect(body.truncatedBy).toBeNull();
    const page = await api('consumer', 'GET', '/api/v1/products/marketing.customers/data?columns=email,email&limit=2');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-meshwork-masked-columns')).toBe('email,email_1');
  });

  it('refuses a value built past the bound before it runs', async () => {
    const sql = "SELECT length(repeat('x', 2000000000)) AS n";
    const response = await api('consumer', 'POST', '/api/v1/query', { sql });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error).toMatchObject({
      code: 'invalid_query',
      message: expect.stringContaining('repeat() is asked for 2000000000 characters or elements'),
    });
  });

  it('answers concurrent queries, each in an instance of its own', async () => {
    await grantCustomersToAnalyst();
    const sqls = Array.from({ length: 6 }, (_, i) => `SELECT count(*) + ${i} AS n FROM marketing.customers`);
    const answers = await Promise.all(sqls.map((sql) => api('consumer', 'POST', '/api/v1/query', { sql })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const counts = answers.map((a) => (JSON.parse(a.text) as { rows: number[][] }).rows[0]?.[0] ?? 0);
    expect(counts.map((n, i) => n - i)).toEqual(Array(6).fill(counts[0]));
  });

  it('charges the analyst’s domain for what it consumed', async () => {
    const consumed = await api('consumer', 'POST', '/api/v1/query', { sql: 'SELECT count(*) FROM finance.invoices' });
    expect(consumed.status).toBe(200);
    const period = new Date().toISOString().slice(0, 7);
    const report = await as('owner', 'chargeback', '--period', period, '--json');
    expect(report.code).toBe(0);
    const body = JSON.parse(report.stdout) as {
      domains: { domain: string; consumed: { queries: number; cost: number } }[];
    };
    const finance = body.domains.find((d) => d.domain === 'finance');
    expect(finance?.consumed.queries).toBeGreaterThan(0);
    expect(finance?.consumed.cost).toBeGreaterThan(0);
  });

  it('meters and audits every query, allowed or refused', async () => {
    expect(
      (await api('consumer', 'POST', '/api/v1/query', { sql: 'SELECT count(*) FROM marketing.customers' })).status,
    ).toBe(403);
    expect(
      (await api('consumer', 'POST', '/api/v1/query', { sql: 'SELECT count(*) FROM finance.invoices' })).status,
    ).toBe(200);
    const rows = await listQueries(catalog.db, { userEmail: FATIMA });
    expect(rows.some((r) => r.status === 'ok' && r.userDomain === 'finance' && r.bytesScanned > 0)).toBe(true);
    expect(rows.some((r) => r.status === 'refused')).toBe(true);
    const audit = (await listAudit(catalog.db, { action: 'query', limit: 10_000 })).items;
    expect(audit.some((a) => a.outcome === 'refused' && a.target.includes('marketing.customers'))).toBe(true);
    expect(audit.some((a) => a.outcome === 'ok')).toBe(true);
  });
});
