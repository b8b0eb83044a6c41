import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, listAudit } from '@meshwork/catalog';
import {
  buildExampleMesh,
  loadExampleMesh,
  PERSONAS,
  type PersonaKey,
  startServer,
  type TestServer,
} from '@meshwork/test-support';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'meshwork-mcp-'));
const dataDir = join(work, 'data');
let example: TestServer;
let catalog: Catalog;
let server: string;
let tokens: Record<PersonaKey, string>;
const clients: Client[] = [];

/** The ODCS v3.2 context block the test adds to marketing.customers' contract (the example is v3.1). */
const CONTEXT = {
  instructions: 'Join on customer_id; one row per customer.',
  verifiedStatements: [
    {
      id: 'customers-per-country',
      question: 'How many customers are there per country?',
      answer: 'SELECT country, count(*) FROM marketing.customers GROUP BY country',
    },
  ],
  constraints: [{ constraint: 'Never try to recover e-mail addresses from masked or hashed values.' }],
};

// The products are built once; each test gets a fresh catalog and server over them, so requests, grants and
// audit rows of one test never show in another.
beforeAll(async () => {
  await buildExampleMesh(loadExampleMesh().mesh, dataDir);
}, 240_000);
beforeEach(async () => {
  example = await startServer({
    governance: true,
    dataDir,
    publish: {
      contracts: (product, contracts) =>
        product.address === 'marketing.customers'
          ? contracts.map((c) => ({ ...c, apiVersion: 'v3.2.0', context: CONTEXT }))
          : contracts,
    },
  });
  ({ catalog, url: server, tokens } = example);
}, 120_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await example?.close();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** An MCP client of the SDK, connected over Streamable HTTP with a user's token. */
async function connect(user: PersonaKey, name = 'test-assistant'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${tokens[user]}` } },
    }),
  );
  clients.push(client);
  return client;
}
const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;
const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const api = async (user: PersonaKey | undefined, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: {
      ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
};
/** A query answer without its timings, which differ between two runs. */
const untimed = (body: unknown) => {
  const { stats, ...rest } = body as { stats: { durationMs: number; cpuMs: number } };
  return { ...rest, stats: { ...stats, durationMs: 0, cpuMs: 0 } };
};
const audit = async (action: string) =>
  (await listAudit(catalog.db, { action, limit: 10_000 })).items
    .reverse()
    .map(({ actor, target, outcome, details }) => ({ actor, target, outcome, details }));

const JOIN = `SELECT c.country, c.email, count(*) AS invoices, sum(i.amount_eur) AS revenue
FROM finance.invoices i JOIN marketing.customers c USING (customer_id)
GROUP BY ALL ORDER BY revenue DESC LIMIT 5`;

describe('the MCP server on the example mesh', () => {
  it('lists its tools, resources and prompts; there is no tool that decides access', async () => {
    const client = await connect('consumer');
    expect(client.getServerVersion()?.name).toBe('meshwork');
    const tools = (await client.listTools()).tools;
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get_lineage',
      'get_product',
      'list_my_access',
      'query',
      'request_access',
      'search_products',
    ]);
    expect(tools.find((t) => t.name === 'query')?.inputSchema.required).toEqual(['sql']);
    const resources = (await client.listResources()).resources.map((r) => r.uri);
    expect(resources).toContain('meshwork://products/marketing.customers/contract');
    expect(resources).toContain('meshwork://products/finance.invoices/readme');
    expect(resources).toHaveLength(16);
    expect((await client.listPrompts()).prompts.map((p) => p.name).sort()).toEqual(['explain_product', 'write_query']);
    // Approving, rejecting and revoking stay with people: asking for such a tool is an error.
    const approve = await call(client, 'approve_access', { id: 'x' });
    expect(approve.isError).toBe(true);
    expect(textOf(approve)).toContain('Tool approve_access not found');
  });

  it('searches with facets and reads a product: schema with classifications, masking, SLA, score, AI context', async () => {
    const client = await connect('consumer');
    const found = await call(client, 'search_products', { query: 'customers', domain: 'marketing' });
    expect(found.isError).toBeFalsy();
    expect(textOf(found)).toContain('- marketing.customers — ');
    const hits = found.structuredContent as { items: { address: string }[]; facets: { domain: object } };
    expect(hits.items.every((h) => h.address.startsWith('marketing.'))).toBe(true);
    expect(hits.facets.domain).toHaveProperty('marketing');

    const product = await call(client, 'get_product', { address: 'marketing.customers' });
    expect(product.isError).toBeFalsy();
    const text = textOf(product);
    expect(text).toContain('# Marketing customers (marketing.customers)');
    expect(text).toMatch(/- email: string \(VARCHAR\), required, classification pii — MASKED for you/);
    expect(text).toMatch(/- country: string .*classification internal — ISO/);
    expect(text).toContain('Q: How many customers are there per country?');
    expect(text).toContain('Never try to recover e-mail addresses');
    expect(text).toMatch(/DATSIS score: \d+\/100/);
    const body = product.structuredContent as {
      tables: { columns: { name: string; classification: string | null; maskedForYou: boolean }[] }[];
      context: { verifiedStatements: unknown[] }[];
      score: { score: number };
      readme: string;
    };
    expect(body.tables[0]?.columns.find((c) => c.name === 'email')).toMatchObject({
      classification: 'pii',
      maskedForYou: true,
    });
    expect(body.tables[0]?.columns.find((c) => c.name === 'customer_id')?.maskedForYou).toBe(false);
    expect(body.context[0]?.verifiedStatements).toHaveLength(1);
    expect(body.score.score).toBe(
      (await api('consumer', 'GET', '/api/v1/products/marketing.customers/score')).body.score,
    );
    expect(body.readme).toContain('#');
    // The owner's clearance covers PII: nothing is masked for her.
    const owner = await call(await connect('owner'), 'get_product', { address: 'marketing.customers' });
    expect(textOf(owner)).not.toContain('MASKED');

    const unknown = await call(client, 'get_product', { address: 'marketing.customerz' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe('product marketing.customerz is not in the catalog');
    const invalid = await call(client, 'get_product', { address: '../etc' });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toContain('a product address is domain.product');
  });

  it('walks lineage up and down from the published descriptors', async () => {
    const client = await connect('consumer');
    const lineage = await call(client, 'get_lineage', { address: 'finance.invoices' });
    const body = lineage.structuredContent as {
      upstream: { address: string }[];
      downstream: { address: string }[];
      sources: string[];
    };
    expect(body.upstream.map((u) => u.address)).toEqual(['marketing.customers']);
    expect(body.downstream.map((d) => d.address)).toContain('finance.revenue_by_channel');
    expect(body.sources).toEqual(['raw_invoices: sources/invoices.parquet']);
    const deep = await call(client, 'get_lineage', { address: 'finance.revenue_by_channel', depth: 3 });
    const up = (deep.structuredContent as { upstream: { address: string; depth: number }[] }).upstream;
    expect(up).toContainEqual({ address: 'marketing.customers', depth: 2 });
  });

  it('serves contracts and READMEs as resources, and prompts that carry the verified statements', async () => {
    const client = await connect('consumer');
    const contract = await client.readResource({ uri: 'meshwork://products/marketing.customers/contract' });
    const yaml = contract.contents[0] as { text: string; mimeType: string };
    expect(yaml.mimeType).toBe('application/yaml');
    expect(yaml.text).toContain('classification: pii');
    expect(yaml.text).toContain('verifiedStatements:');
    const readme = await client.readResource({ uri: 'meshwork://products/finance.invoices/readme' });
    expect((readme.contents[0] as { text: string }).text.length).toBeGreaterThan(10);
    await expect(client.readResource({ uri: 'meshwork://products/nope.nothing/readme' })).rejects.toThrow(
      'product nope.nothing is not in the catalog',
    );

    const prompt = await client.getPrompt({
      name: 'write_query',
      arguments: { question: 'Customers per country?', products: 'marketing.customers' },
    });
    const first = (prompt.messages[0]?.content ?? { text: '' }) as { text: string };
    expect(first.text).toContain(
      'Verified statement: Q: How many customers are there per country? A: SELECT country, count(*) FROM marketing.customers GROUP BY country',
    );
    expect(first.text).toContain('Constraint (do NOT): Never try to recover');
    expect(prompt.messages[1]?.content).toMatchObject({
      type: 'resource',
      resource: { uri: 'meshwork://products/marketing.customers/contract' },
    });
    const explain = await client.getPrompt({ name: 'explain_product', arguments: { address: 'marketing.customers' } });
    expect(explain.messages[0]?.content).toMatchObject({
      text: expect.stringContaining('Instructions: Join on customer_id'),
    });
  });

  it('refuses an ungranted product with the way to ask, takes a request, and after approval answers exactly as the API, masked', async () => {
    const client = await connect('consumer', 'claude-desktop');
    const refused = await call(client, 'query', { sql: JOIN });
    expect(refused.isError).toBe(true);
    const apiRefused = await api('consumer', 'POST', '/api/v1/query', { sql: JOIN, limit: 200 });
    expect(apiRefused.status).toBe(403);
    const message = (apiRefused.body.error as { message: string }).message;
    expect(message).toContain('fatima.ali@acme.example may not query marketing.customers');
    // Cedar lists the deciding policies in no fixed order: compare up to them.
    expect(textOf(refused)).toContain(message.split(': forbidden by')[0]);
    expect(textOf(refused)).toContain('call request_access with product "marketing.customers"');
    expect(refused.structuredContent).toMatchObject({
      error: { status: 403, details: { product: 'marketing.customers' } },
    });

    // Long enough for the input schema, too short once trimmed: the API's own check refuses it.
    const tooShort = await call(client, 'request_access', { product: 'marketing.customers', purpose: '   because   ' });
    expect(tooShort.isError).toBe(true);
    expect(textOf(tooShort)).toBe('purpose must say why the data is wanted, in at least 10 characters');
    const asked = await call(client, 'request_access', {
      product: 'marketing.customers',
      purpose: 'Revenue per customer country for the quarterly board pack.',
    });
    expect(asked.isError).toBeFalsy();
    const request = (asked.structuredContent as { request: { id: string; status: string; expiresAt: string } }).request;
    expect(request.status).toBe('pending');
    expect(textOf(asked)).toContain(`an owner of marketing decides it (meshwork access approve ${request.id})`);
    const mine = await call(client, 'list_my_access', {});
    expect((mine.structuredContent as { requests: { id: string }[] }).requests.map((r) => r.id)).toEqual([request.id]);
    // The owner decides through the API; no MCP tool can.
    expect((await api('owner', 'POST', `/api/v1/access/requests/${request.id}/approve`)).status).toBe(200);

    const answered = await call(client, 'query', { sql: JOIN });
    expect(answered.isError).toBeFalsy();
    const viaApi = await api('consumer', 'POST', '/api/v1/query', { sql: JOIN, limit: 200 });
    expect(viaApi.status).toBe(200);
    expect(untimed(answered.structuredContent)).toEqual(untimed(viaApi.body));
    const body = answered.structuredContent as { columns: { name: string; masked: boolean }[]; rows: unknown[][] };
    expect(body.rows).toHaveLength(5);
    expect(body.columns.find((c) => c.name === 'email')?.masked).toBe(true);
    expect(body.rows.every((r) => r[1] === '[redacted]')).toBe(true);
    const table = textOf(answered);
    expect(table.split('\n')[0]).toMatch(/^country\s+\| email\*\s+\| invoices\s+\| revenue$/);
    expect(table).toContain('5 rows from finance.invoices, marketing.customers.');
    expect(table).toMatch(/Masked \(\*.*\): email\.$/);

    // Audited as MCP tool calls with the client's declared name, and by the gateway as queries via MCP.
    const calls = await audit('mcp.query');
    expect(calls.map((c) => [c.actor, c.outcome, c.details.client])).toEqual([
      ['fatima.ali@acme.example', 'refused', 'claude-desktop'],
      ['fatima.ali@acme.example', 'ok', 'claude-desktop'],
    ]);
    const queries = (await audit('query')).filter((q) => q.details.via === 'mcp');
    expect(queries.map((q) => [q.outcome, q.target, q.details.client])).toEqual([
      ['refused', 'finance.invoices,marketing.customers', 'claude-desktop'],
      ['ok', 'finance.invoices,marketing.customers', 'claude-desktop'],
    ]);
    expect((await audit('mcp.request_access')).map((a) => a.outcome)).toEqual(['refused', 'ok']);
  });

  it('truncates at the row limit and says so', async () => {
    const client = await connect('consumer');
    const result = await call(client, 'query', { sql: 'SELECT * FROM range(1000) t(n)', limit: 3 });
    expect((result.structuredContent as { truncated: boolean; rows: unknown[] }).truncated).toBe(true);
    expect(textOf(result)).toContain('Truncated: the query has more than 3 rows');
    const over = await call(client, 'query', { sql: 'SELECT 1', limit: 5000 });
    expect(over.isError).toBe(true);
  });

  it('refuses requests without a valid token, and a session to any other user', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const none = await fetch(`${server}/mcp`, { method: 'POST', headers, body: JSON.stringify(initialize) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await fetch(`${server}/mcp`, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer mw_not-a-token' },
      body: JSON.stringify(initialize),
    });
    expect(wrong.status).toBe(401);

    const opened = await fetch(`${server}/mcp`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${tokens.owner}` },
      body: JSON.stringify(initialize),
    });
    expect(opened.status).toBe(200);
    const session = opened.headers.get('mcp-session-id') ?? '';
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    const stolen = await fetch(`${server}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': session, authorization: `Bearer ${tokens.consumer}` },
      body: JSON.stringify(list),
    });
    expect(stolen.status).toBe(404);
    const noSession = await fetch(`${server}/mcp`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${tokens.owner}` },
      body: JSON.stringify(list),
    });
    expect(noSession.status).toBe(400);
    const closed = await fetch(`${server}/mcp`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': session, authorization: `Bearer ${tokens.owner}` },
    });
    expect(closed.status).toBe(200);
  });

  it('refuses escape attempts through the query tool with the API’s messages', async () => {
    const client = await connect('consumer');
    for (const sql of [
      "ATTACH '/tmp/x.duckdb' AS x",
      "SELECT * FROM read_text('/etc/passwd')",
      "COPY (SELECT 1) TO '/tmp/x.csv'",
      "SELECT getenv('HOME')",
      'SET threads = 64',
      'SELECT * FROM duckdb_settings()',
      'SELECT 1; DROP TABLE marketing.customers',
      "SELECT * FROM 'examples/acme/.meshwork/stores/shared.duckdb'",
      // CTE scope: a name defined in a subquery's WITH does not exempt the same name beside it.
      'SELECT v.sql, (SELECT count(*) FROM finance.invoices) FROM (WITH duckdb_views AS (SELECT 1) SELECT 1) t, duckdb_views v WHERE NOT v.internal',
      'SELECT * FROM (WITH duckdb_databases AS (SELECT 1) SELECT 1) t, duckdb_databases',
      'WITH RECURSIVE sqlite_master AS (SELECT * FROM sqlite_master UNION ALL SELECT 1) SELECT 1',
      'SELECT 1 FROM (WITH duckdb_tables AS (SELECT 1) SELECT 1) UNION ALL SELECT 1 FROM duckdb_tables',
    ]) {
      const result = await call(client, 'query', { sql });
      const viaApi = await api('consumer', 'POST', '/api/v1/query', { sql, limit: 200 });
      expect(viaApi.status, sql).toBe(400);
      expect(result.isError, sql).toBe(true);
      expect(textOf(result), sql).toBe((viaApi.body.error as { message: string }).message);
    }
  });

  it('gives every role through MCP exactly what the API gives it', async () => {
    const sqls = [
      'SELECT customer_id, email, full_name, country FROM marketing.customers ORDER BY customer_id LIMIT 3',
      'SELECT invoice_id, amount_eur FROM finance.invoices ORDER BY invoice_id LIMIT 3',
      'SELECT * FROM logistics.shipments ORDER BY ALL LIMIT 3',
      'SELECT * FROM marketing.web_sessions ORDER BY ALL LIMIT 2',
      'SELECT count(*) AS n FROM finance.revenue_by_channel',
    ];
    const outcomes: string[] = [];
    for (const user of ['consumer', 'engineer', 'owner', 'governance'] as const) {
      const client = await connect(user);
      for (const sql of sqls) {
        const result = await call(client, 'query', { sql });
        const viaApi = await api(user, 'POST', '/api/v1/query', { sql, limit: 200 });
        if (viaApi.status === 200) {
          expect(result.isError, `${user}: ${sql}`).toBeFalsy();
          expect(untimed(result.structuredContent), `${user}: ${sql}`).toEqual(untimed(viaApi.body));
        } else {
          expect(result.isError, `${user}: ${sql}`).toBe(true);
          expect(result.structuredContent, `${user}: ${sql}`).toMatchObject({ error: { status: viaApi.status } });
          const message = (viaApi.body.error as { message: string }).message;
          expect(textOf(result)).toContain(message.split(': forbidden by')[0]);
        }
        outcomes.push(`${user} ${sql.split(' FROM ')[1]?.split(' ')[0]} ${viaApi.status}`);
      }
      // Someone else's request is neither visible nor decidable through MCP.
      const access = await call(client, 'list_my_access', {});
      const requests = (access.structuredContent as { requests: { requesterEmail: string }[] }).requests;
      expect(requests.every((r) => r.requesterEmail === PERSONAS[user].email)).toBe(true);
    }
    // The matrix is not trivial: some reads are refused, some allowed.
    expect(outcomes.some((o) => o.endsWith(' 403'))).toBe(true);
    expect(outcomes.some((o) => o.endsWith(' 200'))).toBe(true);
    // An analyst may not ask on behalf of another domain's product, as through the API.
    const onBehalf = await call(await connect('consumer'), 'request_access', {
      product: 'logistics.shipments',
      purpose: 'Delivery times for the finance dunning process.',
      consumerProduct: 'marketing.attribution',
    });
    expect(onBehalf.isError).toBe(true);
    expect(textOf(onBehalf)).toContain('may not ask on behalf of marketing.attribution');
  });

  it('audits every tool call with the client it declared', async () => {
    const client = await connect('consumer');
    expect((await call(client, 'get_product', { address: 'marketing.customers' })).isError).toBeFalsy();
    expect((await call(client, 'get_product', { address: 'marketing.customerz' })).isError).toBe(true);
    const reads = await audit('mcp.get_product');
    expect(reads[0]).toMatchObject({
      actor: 'fatima.ali@acme.example',
      target: 'marketing.customers',
      outcome: 'ok',
      details: { via: 'mcp', client: 'test-assistant', arguments: { address: 'marketing.customers' } },
    });
    expect(reads.some((r) => r.outcome === 'refused' && r.target === 'marketing.customerz')).toBe(true);
  });
});

const BIN = join(import.meta.dirname, '../../cli/bin/meshwork.js');
const built = existsSync(join(import.meta.dirname, '../../cli/dist/commands/mcp.js'));

describe.skipIf(!built)('meshwork mcp: the stdio bridge for desktop assistants', () => {
  it('proxies tools, resources and prompts to the server as the token’s user', async () => {
    // The analyst's own grant on marketing.customers, PII masked: the answer is data, not a refusal.
    const asked = await api('consumer', 'POST', '/api/v1/access/requests', {
      product: 'marketing.customers',
      purpose: 'Revenue per customer country for the quarterly board pack.',
      expiresInDays: 30,
    });
    const id = (asked.body.request as { id: string }).id;
    expect((await api('owner', 'POST', `/api/v1/access/requests/${id}/approve`)).status).toBe(200);
    const client = new Client({ name: 'desktop-assistant', version: '2.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'mcp', '--server', server, '--token', tokens.consumer],
        stderr: 'pipe',
      }),
    );
    clients.push(client);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('query');
    const sql = 'SELECT customer_id, email FROM marketing.customers ORDER BY customer_id LIMIT 2';
    const result = (await client.callTool({ name: 'query', arguments: { sql } })) as CallToolResult;
    const viaApi = await api('consumer', 'POST', '/api/v1/query', { sql, limit: 200 });
    expect(viaApi.status).toBe(200);
    expect(untimed(result.structuredContent)).toEqual(untimed(viaApi.body));
    const contract = await client.readResource({ uri: 'meshwork://products/finance.invoices/contract' });
    expect((contract.contents[0] as { text: string }).text).toContain('kind: DataContract');
    const calls = await audit('mcp.query');
    expect(calls.at(-1)?.details.client).toBe('desktop-assistant (via meshwork mcp)');
  });
});
