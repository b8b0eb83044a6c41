import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { icebergRead } from 'icebird';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../src/duckdb/duckdb-engine.js';
import { commitSnapshot } from '../src/iceberg/commit-snapshot.js';
import { dataFilesOf } from '../src/iceberg/snapshots.js';
import { readTableMetadata } from '../src/iceberg/table-files.js';
import { fillOrders, ordersEngine, pathList, tempTableDir } from './iceberg-fixture.js';

/**
 * Serves a folder over HTTP with byte ranges, as an object store would: icebird reads metadata with plain
 * GETs and Parquet footers and columns with ranged ones.
 */
function serveFolder(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (!path.startsWith(root) || !range) {
      response.writeHead(200, { 'content-length': size });
      if (request.method === 'HEAD') response.end();
      else createReadStream(path).pipe(response);
      return;
    }
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    response.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` });
    createReadStream(path, { start, end }).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Values as both readers agree on them: numbers for integers and decimals, ISO text for dates and times. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? Number(value) : (value ?? null),
    ]),
  );
}

const selectPlain = (paths: readonly string[]) => `SELECT id, customer, amount::DOUBLE AS amount, weight, paid,
  strftime(day, '%Y-%m-%dT00:00:00.000Z') AS day, strftime(placed_at, '%Y-%m-%dT%H:%M:%S.000Z') AS placed_at,
  big, small FROM read_parquet(${pathList(paths)}) ORDER BY id`;

describe('an Iceberg table read by an independent reader (icebird over HTTP)', () => {
  let engine: DuckDBEngine;
  let server: Server;
  const tableDir = tempTableDir();
  let tableUrl: string;

  beforeAll(async () => {
    server = await serveFolder(dirname(tableDir));
    tableUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
    engine = await ordersEngine(12);
    await commitSnapshot({ tableDir, engine, sourceTable: ['orders'], operation: 'overwrite', location: tableUrl });
    await fillOrders(engine, 30);
    await commitSnapshot({ tableDir, engine, sourceTable: ['orders'], operation: 'overwrite' });
  });
  afterAll(() => {
    engine.close();
    server.close();
  });

  async function duckdbRows(snapshotId?: number) {
    const files = await dataFilesOf(tableDir, snapshotId);
    return (await engine.query(selectPlain(files.map((f) => f.path)))).map(plain);
  }

  it('reads the current snapshot through the version hint, with the rows DuckDB reads', async () => {
    const rows = (await icebergRead({ tableUrl })).map(plain).sort((a, b) => Number(a.id) - Number(b.id));
    expect(rows).toHaveLength(30);
    expect(rows).toEqual(await duckdbRows());
    expect(rows[5]).toMatchObject({ id: 5, customer: 'customer 5', amount: 6.25, small: null, paid: false });
  });

  it('reads the previous snapshot from its metadata file (time travel)', async () => {
    const rows = (await icebergRead({ tableUrl, metadataFileName: 'v1.metadata.json' })).map(plain);
    expect(rows).toHaveLength(12);
    const { metadata } = await readTableMetadata(tableDir);
    expect(rows.sort((a, b) => Number(a.id) - Number(b.id))).toEqual(
      await duckdbRows(metadata.snapshots[0]?.['snapshot-id']),
    );
  });
});
