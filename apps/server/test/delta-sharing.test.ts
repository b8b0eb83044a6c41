import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, openCatalog } from '@meshwork/catalog';
import { seedPersonas } from '@meshwork/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deltaType, schemaString } from '../src/delta-sharing/delta-schema.js';
import { page } from '../src/delta-sharing/pagination.js';
import { SharingError } from '../src/delta-sharing/sharing-error.js';
import { FILE_URL_TTL_MS, FileQuotaExceeded, SignedFiles } from '../src/delta-sharing/signed-files.js';
import { createServer } from '../src/index.js';

// The protocol-level conformance tests run on the built example mesh: apps/cli/test/delta-sharing.e2e.test.ts.

describe('Delta Sharing signed files', () => {
  const R = 'fatima.ali@acme.example';
  const parquet = async (path: string) => writeFileSync(path, 'PAR1');

  it('serves a file only with its signature before it expires, and removes it after', async () => {
    const files = new SignedFiles({ ttlMs: 50 });
    const file = await files.create(R, parquet);
    const url = new URL(files.signedPath(file), 'http://x');
    const expires = url.searchParams.get('expires') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    expect(files.open(file.id, expires, sig)).toMatchObject({ ok: true, file: { size: 4 } });
    // Change the signature's last character to another one (the same character would leave it valid).
    const altered = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    expect(files.open(file.id, expires, altered).ok).toBe(false);
    expect(files.open(file.id, String(Number(expires) + 1), sig)).toEqual({ ok: false, why: 'forbidden' });
    expect(files.open(file.id, expires, sig, Number(expires) + 1)).toEqual({ ok: false, why: 'forbidden' });
    expect(existsSync(file.path)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(existsSync(file.path)).toBe(false);
    expect(files.open(file.id, expires, sig, 0)).toEqual({ ok: false, why: 'gone' });
    files.close();
  });

  it('leaves nothing behind when the write fails', async () => {
    const files = new SignedFiles();
    let written = '';
    await expect(
      files.create(R, async (path) => {
        written = path;
        writeFileSync(path, 'x');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(existsSync(written)).toBe(false);
  });

  it('writes into private folders under the directory given, removed at close', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'meshwork-signed-files-')), 'scratch');
    const files = new SignedFiles({ dir });
    const file = await files.create(R, parquet);
    expect(file.path.startsWith(`${dir}/meshwork-delta-sharing-${process.pid}-`)).toBe(true);
    expect(statSync(join(file.path, '..')).mode & 0o777).toBe(0o700);
    files.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('holds at most so many unexpired files and bytes per recipient; beyond, FileQuotaExceeded says until when', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-signed-files-'));
    const files = new SignedFiles({ dir, maxFilesPerRecipient: 2 });
    const first = await files.create(R, parquet, 1_000);
    await files.create(R, parquet, 2_000);
    const third = files.create(R, parquet);
    await expect(third).rejects.toThrow(FileQuotaExceeded);
    await expect(third).rejects.toThrow(
      `recipient ${R} holds the most unexpired files a recipient may (2 files); download the files of earlier queries and query again after ${new Date(1_000 + FILE_URL_TTL_MS).toISOString()}, when the oldest expires`,
    );
    // Another recipient has a quota of its own; an expired (removed) file frees a place.
    await files.create('other@acme.example', parquet);
    files.remove(first.id);
    await files.create(R, parquet);
    files.close();
    // 4 bytes held: a file of 4 more would pass 6 bytes, and is removed at once.
    const small = new SignedFiles({ dir, maxBytesPerRecipient: 6 });
    await small.create(R, parquet);
    await expect(small.create(R, parquet)).rejects.toThrow('(6 bytes)');
    expect(readdirSync(dir)).toHaveLength(1);
    small.close();
    // Files still being written count: two at once with one place left, one of them is refused.
    const single = new SignedFiles({ dir, maxFilesPerRecipient: 1 });
    const both = await Promise.allSettled([single.create(R, parquet), single.create(R, parquet)]);
    expect(both.map((b) => b.status).sort()).toEqual(['fulfilled', 'rejected']);
    single.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('Delta Sharing listings and schemas', () => {
  it('pages with maxResults and an opaque pageToken', () => {
    const all = ['a', 'b', 'c'];
    const first = page(all, 2, undefined);
    expect(first.items).toEqual(['a', 'b']);
    expect(page(all, 2, first.nextPageToken)).toEqual({ items: ['c'] });
    expect(page(all, 0, undefined).items).toEqual([]);
    expect(() => page(all, undefined, 'forged')).toThrow(SharingError);
  });

  it('maps DuckDB types to Delta types', () => {
    expect(deltaType('BIGINT')).toBe('long');
    expect(deltaType('DECIMAL(12,2)')).toBe('decimal(12,2)');
    expect(deltaType('TIMESTAMP WITH TIME ZONE')).toBe('timestamp');
    expect(deltaType('VARCHAR[]')).toEqual({ type: 'array', elementType: 'string', containsNull: true });
    expect(deltaType('INTERVAL')).toBe('string');
    expect(JSON.parse(schemaString([{ name: 'n', type: 'INTEGER' }]))).toEqual({
      type: 'struct',
      fields: [{ name: 'n', type: 'integer', nullable: true, metadata: {} }],
    });
  });
});

describe('the Delta Sharing profile', () => {
  let catalog: Catalog;
  let token: string;
  beforeAll(async () => {
    catalog = await openCatalog();
    ({ outsider: token } = await seedPersonas(catalog, ['outsider']));
  });
  afterAll(() => catalog?.close());

  /** The profile's endpoint, asked for over real HTTP with a Host header the caller chose. */
  const endpointOf = (address: string, host: string) =>
    new Promise<string>((resolve, reject) => {
      const url = new URL('/api/v1/delta-sharing/profile', address);
      const sent = request(url, { headers: { host, authorization: `Bearer ${token}` } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve((JSON.parse(body) as { endpoint: string }).endpoint));
      });
      sent.on('error', reject);
      sent.end();
    });

  it('names the configured public URL, or the listening address, never the request’s Host', async () => {
    const configured = await createServer({
      catalog,
      logger: false,
      webRoot: false,
      publicUrl: 'https://mesh.example.com/',
    });
    const address = await configured.listen({ port: 0, host: '127.0.0.1' });
    expect(await endpointOf(address, 'attacker.example')).toBe('https://mesh.example.com/delta-sharing');
    await configured.close();

    const bare = await createServer({ catalog, logger: false, webRoot: false });
    const listening = await bare.listen({ port: 0, host: '127.0.0.1' });
    expect(await endpointOf(listening, 'attacker.example:443')).toBe(`${listening}/delta-sharing`);
    await bare.close();
  });

  it('takes MESHWORK_PUBLIC_URL, and refuses to start on one that is not a plain http(s) URL', async () => {
    process.env.MESHWORK_PUBLIC_URL = 'https://data.example.org/meshwork';
    try {
      const app = await createServer({ catalog, logger: false, webRoot: false });
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      expect(await endpointOf(address, 'attacker.example')).toBe('https://data.example.org/meshwork/delta-sharing');
      await app.close();
      process.env.MESHWORK_PUBLIC_URL = 'https://mesh.example.com/?next=evil';
      await expect(createServer({ catalog, logger: false, webRoot: false })).rejects.toThrow(
        'MESHWORK_PUBLIC_URL "https://mesh.example.com/?next=evil" must be an http or https URL without credentials, query or fragment, such as https://mesh.example.com',
      );
    } finally {
      delete process.env.MESHWORK_PUBLIC_URL;
    }
  });
});
