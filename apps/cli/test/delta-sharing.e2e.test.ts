import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAudit } from '@meshwork/catalog';
import { DEFAULT_LIMITS, DuckDBEngine, memoryScratchBase } from '@meshwork/engine';
import {
  buildExampleMesh,
  loadExampleMesh,
  PERSONAS,
  type PersonaKey,
  startServer,
  type TestServer,
} from '@meshwork/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// Conformance of the Delta Sharing server with the protocol document (delta-io/delta-sharing PROTOCOL.md),
// request by request, on the example mesh: the finance analyst's grant on marketing.customers drives it.

const work = mkdtempSync(join(tmpdir(), 'meshwork-delta-sharing-'));
const dataDir = join(work, 'data');
let example: TestServer;
let server: string;
/** The recipient token of the finance analyst's profile, fresh for each test. */
let bearer: string;
const FATIMA = PERSONAS.consumer.email; // the finance analyst, clearance confidential

const api = async (user: PersonaKey, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${example.tokens[user]}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};
const share = (method: string, path: string, body?: unknown, token = bearer) =>
  fetch(`${server}/delta-sharing${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const ndjson = async (response: Response) =>
  (await response.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
/** Queries marketing.customers through Delta Sharing and returns the signed URL of its one file. */
const queryFileUrl = async (): Promise<string> => {
  const response = await share('POST', '/shares/marketing/schemas/marketing/tables/customers/query', { limitHint: 1 });
  expect(response.status).toBe(200);
  const file = (await ndjson(response))[2]?.file as { url: string } | undefined;
  if (!file) throw new Error('no file line');
  return file.url;
};

// The products are built once. Each test gets a fresh catalog and server over them (signed files live in the
// server, so no test sees another's), the analyst's grant on marketing.customers and a recipient token.
beforeAll(async () => {
  await buildExampleMesh(loadExampleMesh().mesh, dataDir);
}, 240_000);
beforeEach(async () => {
  example = await startServer({ governance: true, dataDir });
  server = example.url;
  const asked = await api('consumer', 'POST', '/api/v1/access/requests', {
    product: 'marketing.customers',
    purpose: 'Revenue per customer country for the quarterly board pack.',
    expiresInDays: 90,
  });
  expect(asked.json).toMatchObject({ request: { status: 'pending' } });
  const id = (asked.json.request as { id: string }).id;
  const approved = await api('owner', 'POST', `/api/v1/access/requests/${id}/approve`, { note: 'ok' });
  expect(approved.status).toBe(200);
  const profile = await api('consumer', 'GET', '/api/v1/delta-sharing/profile');
  expect(profile.status).toBe(200);
  bearer = profile.json.bearerToken as string;
}, 120_000);
afterEach(async () => {
  await example?.close();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('Delta Sharing protocol v1', () => {
  it('the grant holder downloads a profile file with a recipient token of its own', async () => {
    const profile = await api('consumer', 'GET', '/api/v1/delta-sharing/profile');
    expect(profile.status).toBe(200);
    expect(profile.json).toMatchObject({ shareCredentialsVersion: 1, endpoint: `${server}/delta-sharing` });
    const own = profile.json.bearerToken as string;
    expect(own).toMatch(/^mwds_[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(profile.json.expirationTime as string);
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    // The recipient token opens Delta Sharing only, not the Meshwork API.
    const me = await fetch(`${server}/api/v1/me`, { headers: { authorization: `Bearer ${own}` } });
    expect(me.status).toBe(401);
  });

  it('List Shares: one share per owning domain, paginated with maxResults and pageToken', async () => {
    const all = await share('GET', '/shares');
    expect(all.status).toBe(200);
    const body = (await all.json()) as { items: { name: string; id: string }[]; nextPageToken?: string };
    const names = body.items.map((s) => s.name);
    expect(names).toContain('marketing');
    expect(body.items.every((s) => typeof s.id === 'string')).toBe(true);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const response = await share('GET', `/shares?maxResults=1${token ? `&pageToken=${token}` : ''}`);
      const onePage = (await response.json()) as { items: { name: string }[]; nextPageToken?: string };
      expect(onePage.items.length).toBeLessThanOrEqual(1);
      seen.push(...onePage.items.map((s) => s.name));
      token = onePage.nextPageToken;
    } while (token);
    expect(seen).toEqual(names);
    const bad = await share('GET', '/shares?pageToken=nonsense');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
  });

  it('Get Share, List Schemas, List Tables and List all Tables', async () => {
    expect(await (await share('GET', '/shares/marketing')).json()).toEqual({
      share: { name: 'marketing', id: 'marketing' },
    });
    const schemas = (await (await share('GET', '/shares/marketing/schemas')).json()) as { items: unknown[] };
    expect(schemas.items).toEqual([{ name: 'marketing', share: 'marketing' }]);
    const tables = (await (await share('GET', '/shares/marketing/schemas/marketing/tables?maxResults=10')).json()) as {
      items: { name: string; schema: string; share: string }[];
    };
    expect(tables.items.map((t) => t.name)).toContain('customers');
    expect(tables.items.every((t) => t.schema === 'marketing' && t.share === 'marketing')).toBe(true);
    const all = (await (await share('GET', '/shares/marketing/all-tables')).json()) as { items: unknown[] };
    expect(all.items).toEqual(tables.items);
    const none = await share('GET', '/shares/marketing/schemas/marketing/tables?maxResults=0');
    expect(((await none.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('Query Table Version: HEAD answers the delta-table-version header', async () => {
    const head = await share('HEAD', '/shares/marketing/schemas/marketing/tables/customers');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('delta-table-version'))).toBeGreaterThan(0);
  });

  it('Query Table Metadata: protocol and metaData lines in NDJSON', async () => {
    const response = await share('GET', '/shares/marketing/schemas/marketing/tables/customers/metadata');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(Number(response.headers.get('delta-table-version'))).toBeGreaterThan(0);
    const [protocol, metadata, ...rest] = await ndjson(response);
    expect(rest).toEqual([]);
    expect(protocol).toEqual({ protocol: { minReaderVersion: 1 } });
    const meta = metadata?.metaData as { id: string; format: unknown; schemaString: string; partitionColumns: [] };
    expect(meta.format).toEqual({ provider: 'parquet' });
    expect(meta.partitionColumns).toEqual([]);
    expect(typeof meta.id).toBe('string');
    const schema = JSON.parse(meta.schemaString) as { type: string; fields: { name: string; type: unknown }[] };
    expect(schema.type).toBe('struct');
    expect(schema.fields.find((f) => f.name === 'email')?.type).toBe('string');
  });

  it('Read Data from a Table: file lines with signed URLs; the file is a Parquet file with PII masked', async () => {
    const response = await share('POST', '/shares/marketing/schemas/marketing/tables/customers/query', {
      predicateHints: ["country = 'DE'"],
      limitHint: 3,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = await ndjson(response);
    expect(lines[0]).toEqual({ protocol: { minReaderVersion: 1 } });
    expect(lines[1]?.metaData).toBeDefined();
    const files = lines.slice(2).map((l) => l.file as { url: string; id: string; size: number; stats: string });
    expect(files.length).toBe(1);
    const [file] = files;
    if (!file) throw new Error('no file line');
    expect(file.url.startsWith(`${server}/delta-sharing/files/`)).toBe(true);
    expect(lines[2]?.file?.partitionValues).toEqual({});
    expect(JSON.parse(file.stats)).toEqual({ numRecords: 3 });

    const download = await fetch(file.url);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(file.size);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const path = join(work, 'downloaded.parquet');
    writeFileSync(path, bytes);
    const engine = await DuckDBEngine.open(DEFAULT_LIMITS);
    try {
      const rows = await engine.query(`SELECT email FROM read_parquet('${path}')`);
      expect(rows.length).toBe(3); // limitHint honoured
      expect(rows.every((r) => r.email === '[redacted]')).toBe(true);
    } finally {
      engine.close();
    }

    // The file was written by the governed gateway as the recipient: audited like any query.
    const audit = await listAudit(example.catalog.db, { actor: FATIMA, action: 'query', limit: 5 });
    expect(audit.items[0]).toMatchObject({ target: 'marketing.customers', outcome: 'ok' });
    expect(audit.items[0]?.details).toMatchObject({ via: 'delta-sharing', rows: 3 });

    // A forged signature and an expired URL are refused.
    const forged = await fetch(file.url.replace(/sig=[^&]+/, 'sig=AAAA'));
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ errorCode: 'PERMISSION_DENIED' });
    const expired = await fetch(file.url.replace(/expires=\d+/, 'expires=1000'));
    expect(expired.status).toBe(403);
  });

  it('writes files on disk under the data directory, and refuses a recipient past 10 unexpired files with 429', async () => {
    const query = () => share('POST', '/shares/marketing/schemas/marketing/tables/customers/query', { limitHint: 1 });
    const scratch = join(dataDir, 'scratch');
    const held = () => readdirSync(scratch).filter((name) => name.startsWith(`meshwork-delta-sharing-${process.pid}-`));
    expect((await query()).status).toBe(200);
    expect(held()).toHaveLength(1);
    while (held().length < 10) expect((await query()).status).toBe(200);
    const refused = await query();
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { errorCode: string; message: string };
    expect(body.errorCode).toBe('RESOURCE_EXHAUSTED');
    expect(body.message).toMatch(
      new RegExp(
        `^recipient ${FATIMA} holds the most unexpired files a recipient may \\(10 files\\); download .* query again after \\S+Z, when the oldest expires$`,
      ),
    );
    expect(held()).toHaveLength(10);
    expect(
      readdirSync(memoryScratchBase()).some((name) => name.startsWith(`meshwork-delta-sharing-${process.pid}-`)),
    ).toBe(false);
  });

  it('errors: a wrong bearer token is 401, a table or share not granted is 404, both as { errorCode, message }', async () => {
    const wrong = await share('GET', '/shares', undefined, 'mwds_not-a-token');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ errorCode: 'UNAUTHENTICATED', message: expect.any(String) });
    const meshworkToken = await share('GET', '/shares', undefined, example.tokens.consumer);
    expect(meshworkToken.status).toBe(401);
    const notGranted = await share('GET', '/shares/marketing/schemas/marketing/tables/not_granted/metadata');
    expect(notGranted.status).toBe(404);
    expect(await notGranted.json()).toMatchObject({ errorCode: 'RESOURCE_DOES_NOT_EXIST' });
    const noShare = await share('GET', '/shares/hr');
    expect(noShare.status).toBe(404);
    const query = await share('POST', '/shares/hr/schemas/hr/tables/employees/query', {});
    expect(query.status).toBe(404);
  });

  it('withdraws a signed file the moment the grant behind it is revoked', async () => {
    const fileUrl = await queryFileUrl();
    expect((await fetch(fileUrl)).status).toBe(200);
    const grants = await api('consumer', 'GET', '/api/v1/access/grants?mine=true&active=true');
    const grant = (grants.json.items as { id: string; product: string }[]).find(
      (g) => g.product === 'marketing.customers',
    );
    expect((await api('consumer', 'DELETE', `/api/v1/access/grants/${grant?.id}`)).status).toBe(200);
    const withdrawn = await fetch(fileUrl);
    expect(withdrawn.status).toBe(403);
    expect(await withdrawn.json()).toEqual({
      errorCode: 'PERMISSION_DENIED',
      message: `${FATIMA} no longer holds an active grant on marketing.customers; the file is withdrawn`,
    });
  });
});
