import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deltaType, schemaString } from '../src/delta-sharing/delta-schema.js';
import { page } from '../src/delta-sharing/pagination.js';
import { SharingError } from '../src/delta-sharing/sharing-error.js';
import { SignedFiles } from '../src/delta-sharing/signed-files.js';

// The protocol-level conformance tests run on the built example mesh: apps/cli/test/delta-sharing.e2e.test.ts.

describe('Delta Sharing signed files', () => {
  it('serves a file only with its signature before it expires, and removes it after', async () => {
    const files = new SignedFiles(50);
    const file = await files.create(async (path) => writeFileSync(path, 'PAR1'));
    const url = new URL(files.signedPath(file), 'http://x');
    const expires = url.searchParams.get('expires') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    expect(files.open(file.id, expires, sig)).toMatchObject({ ok: true, file: { size: 4 } });
    expect(files.open(file.id, expires, `${sig.slice(0, -1)}A`).ok).toBe(false);
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
      files.create(async (path) => {
        written = path;
        writeFileSync(path, 'x');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(existsSync(written)).toBe(false);
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
