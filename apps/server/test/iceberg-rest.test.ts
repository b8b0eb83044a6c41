import { request } from 'node:http';
import { type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import { streams } from 'avsc';
import { asyncBufferFromUrl, parquetReadObjects } from 'hyparquet';
import { IcebergError, IcebergRestCatalog } from 'iceberg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let example: TestServer;
const MAYA = 'owner'; // Maya Ortiz, the marketing owner: clearance pii, nothing masked
const FATIMA = 'consumer'; // Fatima Ali, the finance analyst: clearance confidential, no grant

// Built once, as `meshwork up` builds: the tables record the server's URL; every test only reads.
beforeAll(async () => {
  example = await startServer({ build: true, governance: true });
}, 240_000);
afterAll(async () => {
  await example?.close();
});

const catalogAs = (user: PersonaKey) =>
  new IcebergRestCatalog({
    baseUrl: `${example.url}/iceberg`,
    auth: { type: 'bearer', token: example.tokens[user] },
  });
const get = (user: PersonaKey | undefined, path: string, headers: Record<string, string> = {}) =>
  fetch(`${example.url}${path}`, {
    headers: { ...headers, ...(user ? { authorization: `Bearer ${example.tokens[user]}` } : {}) },
  });
/**
 * Decodes an Avro file (manifest list or manifest) fetched with the caller's token. With avsc: icebird 0.3.1
 * drops `requestInit` when it fetches manifests (so it cannot send a token), and its deflate reader fails on
 * manifests of several kilobytes.
 */
const avroRecords = async (user: PersonaKey, url: string) => {
  const response = await fetch(url, { headers: { authorization: `Bearer ${example.tokens[user]}` } });
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const records: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    const decoder = new streams.BlockDecoder();
    decoder.on('data', (record: Record<string, unknown>) => records.push(record));
    decoder.on('end', resolve);
    decoder.on('error', reject);
    decoder.end(bytes);
  });
  return records;
};

describe('the Iceberg REST catalog on the built example mesh', () => {
  it('lists domains as namespaces and products with tables, leaving the account-per-domain domain’s out', async () => {
    const catalog = catalogAs(MAYA);
    const config = await (await get(MAYA, '/iceberg/v1/config')).json();
    expect(config.endpoints).toContain('GET /v1/{prefix}/namespaces/{namespace}/tables/{table}');
    const { namespaces } = await catalog.listNamespaces();
    expect(namespaces).toEqual([
      { namespace: ['finance'] },
      { namespace: ['logistics'] },
      { namespace: ['marketing'] },
    ]);
    const { identifiers } = await catalog.listTables({ namespace: ['marketing'] });
    expect(identifiers.map((t) => t.name)).toEqual(['attribution', 'campaigns', 'customers', 'web_sessions']);
    expect((await catalog.listTables({ namespace: ['logistics'] })).identifiers.length).toBe(2);
    expect((await catalog.listTables({ namespace: ['finance'] })).identifiers).toEqual([]);
    expect(await (await get(MAYA, '/iceberg/v1/namespaces/marketing/views')).json()).toEqual({ identifiers: [] });
  });

  it('loads a table for its owner, and its files read back with the rows the gateway counts', async () => {
    const metadata = await catalogAs(MAYA).loadTable({ namespace: ['marketing'], name: 'customers' });
    const location = `${example.url}/iceberg/files/marketing/customers`;
    expect(metadata.location).toBe(location);
    const loaded = await (await get(MAYA, '/iceberg/v1/namespaces/marketing/tables/customers')).json();
    expect(loaded['metadata-location']).toMatch(new RegExp(`^${location}/metadata/v\\d+\\.metadata\\.json$`));

    // The files as a reader fetches them, each with the token: manifest list → manifests → Parquet by ranges.
    const snapshot = metadata.snapshots?.find((s) => s['snapshot-id'] === metadata['current-snapshot-id']);
    const manifests = await avroRecords(MAYA, String(snapshot?.['manifest-list']));
    let rows = 0;
    for (const manifest of manifests) {
      for (const entry of await avroRecords(MAYA, String(manifest.manifest_path))) {
        if (entry.status === 2) continue; // replaced by this snapshot
        const file = entry.data_file as { file_path: string; file_size_in_bytes: bigint | number };
        const buffer = await asyncBufferFromUrl({
          url: file.file_path,
          byteLength: Number(file.file_size_in_bytes),
          requestInit: { headers: { authorization: `Bearer ${example.tokens[MAYA]}` } },
        });
        rows += (await parquetReadObjects({ file: buffer })).length;
      }
    }
    const counted = await fetch(`${example.url}/api/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${example.tokens[MAYA]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM marketing.customers' }),
    });
    const answer = (await counted.json()) as { rows: unknown[][] };
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBe(Number(answer.rows[0]?.[0]));
  });

  it('refuses raw files to a caller the gateway would mask, naming the gateway', async () => {
    const refused = await catalogAs(FATIMA)
      .loadTable({ namespace: ['marketing'], name: 'customers' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IcebergError);
    expect((refused as IcebergError).status).toBe(403);
    const response = await get(FATIMA, '/iceberg/v1/namespaces/marketing/tables/customers');
    const body = await response.json();
    expect(response.status).toBe(403);
    expect(body.error).toMatchObject({ type: 'ForbiddenException', code: 403 });
    expect(body.error.message).toContain('POST /api/v1/query');
    const file = await get(FATIMA, '/iceberg/files/marketing/customers/metadata/version-hint.text');
    expect(file.status).toBe(403);
  });

  it('answers unknown namespaces and tables with 404 in the spec’s shape, and account-per-domain tables with why', async () => {
    const namespace = await get(MAYA, '/iceberg/v1/namespaces/nowhere');
    expect([namespace.status, (await namespace.json()).error.type]).toEqual([404, 'NoSuchNamespaceException']);
    const tables = await get(MAYA, '/iceberg/v1/namespaces/nowhere/tables');
    expect(tables.status).toBe(404);
    const table = await get(MAYA, '/iceberg/v1/namespaces/marketing/tables/nothing');
    expect([table.status, (await table.json()).error]).toEqual([
      404,
      { type: 'NoSuchTableException', code: 404, message: 'table marketing.nothing does not exist' },
    ]);
    const head = (path: string) =>
      fetch(`${example.url}/iceberg/v1/namespaces/${path}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${example.tokens[FATIMA]}` },
      });
    // Existence is not governed as reading is: the consumer may not load customers, but sees it listed.
    expect((await head('marketing')).status).toBe(204);
    expect((await head('marketing/tables/customers')).status).toBe(204);
    expect((await head('nowhere')).status).toBe(404);
    expect((await head('marketing/tables/nothing')).status).toBe(404);
    expect((await head('finance/tables/invoices')).status).toBe(404);
    const account = await (await get('admin', '/iceberg/v1/namespaces/finance/tables/invoices')).json();
    expect(account.error.code).toBe(404);
    expect(account.error.message).toContain('account-per-domain');
    expect(account.error.message).toContain('POST /api/v1/query');
  });

  it('serves byte ranges of table files, 416 past the end, and nothing outside the table’s folder', async () => {
    const base = '/iceberg/files/marketing/customers';
    const hint = await get(MAYA, `${base}/metadata/version-hint.text`);
    const version = await hint.text();
    expect([hint.status, hint.headers.get('accept-ranges')]).toEqual([200, 'bytes']);
    const metadataPath = `${base}/metadata/v${version}.metadata.json`;
    const whole = await (await get(MAYA, metadataPath)).text();
    const part = await get(MAYA, metadataPath, { range: 'bytes=2-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-9/${Buffer.byteLength(whole)}`);
    expect(await part.text()).toBe(whole.slice(2, 10));
    const beyond = await get(MAYA, metadataPath, { range: `bytes=${Buffer.byteLength(whole)}-` });
    expect([beyond.status, beyond.headers.get('content-range')]).toEqual([416, `bytes */${Buffer.byteLength(whole)}`]);

    // fetch() resolves `..` itself; node:http sends the path as written.
    const raw = await new Promise<number | undefined>((resolve, reject) => {
      const { hostname, port } = new URL(example.url);
      const sent = request(
        {
          hostname,
          port,
          path: `${base}/metadata/../../attribution/metadata/version-hint.text`,
          headers: { authorization: `Bearer ${example.tokens[MAYA]}` },
        },
        (response) => resolve(response.resume().statusCode),
      );
      sent.on('error', reject);
      sent.end();
    });
    expect([400, 404]).toContain(raw);
    for (const path of [
      `${base}/metadata/..%2F..%2Fattribution/metadata/version-hint.text`,
      `${base}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/stores/shared.duckdb`,
      `${base}/metadata/%2e%2e/%2e%2e/%2e%2e/manifests`,
      `${base}//etc/passwd`,
    ]) {
      const status = (await get(MAYA, path)).status;
      expect([400, 404], path).toContain(status);
    }
    expect((await get(MAYA, `${base}/metadata`)).status).toBe(404);
  });

  it('needs a token', async () => {
    for (const path of [
      '/iceberg/v1/config',
      '/iceberg/v1/namespaces',
      '/iceberg/files/marketing/customers/metadata/version-hint.text',
    ]) {
      const response = await get(undefined, path);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toMatchObject({ type: 'NotAuthorizedException', code: 401 });
    }
  });
});
