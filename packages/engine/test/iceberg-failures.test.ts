import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../src/duckdb/duckdb-engine.js';
import { commitSnapshot } from '../src/iceberg/commit-snapshot.js';
import { icebergTypeOf } from '../src/iceberg/iceberg-types.js';
import { dataFilesOf, snapshotHistory } from '../src/iceberg/snapshots.js';
import { readTableMetadata } from '../src/iceberg/table-files.js';
import { countParquet, fillOrders, ordersEngine, tempTableDir } from './iceberg-fixture.js';

describe('Iceberg commits that fail', () => {
  let engine: DuckDBEngine;
  beforeAll(async () => {
    engine = await ordersEngine(8);
  });
  afterAll(() => engine.close());

  it('leave the previous snapshot current and readable when they stop before the pointer swap', async () => {
    const tableDir = tempTableDir();
    const first = await commitSnapshot({ tableDir, engine, sourceTable: ['orders'], operation: 'overwrite' });
    await fillOrders(engine, 20);
    const crash = commitSnapshot({
      tableDir,
      engine,
      sourceTable: ['orders'],
      operation: 'overwrite',
      beforePointerSwap: () => {
        throw new Error('power cut');
      },
    });
    await expect(crash).rejects.toThrow('power cut');
    // The crashed commit wrote its data file, manifest, manifest list and v2 metadata...
    expect(readdirSync(join(tableDir, 'data'))).toHaveLength(2);
    expect(readdirSync(join(tableDir, 'metadata'))).toContain('v2.metadata.json');
    // ...but the hint still names v1, so readers see only the first snapshot.
    expect(readFileSync(join(tableDir, 'metadata', 'version-hint.text'), 'utf8')).toBe('1');
    const { metadata, version } = await readTableMetadata(tableDir);
    expect([version, metadata['current-snapshot-id']]).toEqual([1, first.snapshotId]);
    expect((await snapshotHistory(tableDir)).map((s) => s.snapshotId)).toEqual([first.snapshotId]);
    const files = await dataFilesOf(tableDir);
    expect(files.map((f) => f.path)).toEqual([first.dataFile]);
    expect(
      await countParquet(
        engine,
        files.map((f) => f.path),
      ),
    ).toBe(8);

    // The next commit takes version 2 over the orphan and chains to the first snapshot.
    const retry = await commitSnapshot({ tableDir, engine, sourceTable: ['orders'], operation: 'overwrite' });
    expect(retry.version).toBe(2);
    expect((await snapshotHistory(tableDir)).map((s) => [s.snapshotId, s.parentSnapshotId])).toEqual([
      [first.snapshotId, undefined],
      [retry.snapshotId, first.snapshotId],
    ]);
    expect(
      await countParquet(
        engine,
        (await dataFilesOf(tableDir)).map((f) => f.path),
      ),
    ).toBe(20);
  });

  it('refuse column types Iceberg cannot store, naming the column', async () => {
    const tableDir = tempTableDir();
    const commit = commitSnapshot({
      tableDir,
      engine,
      selectSql: 'SELECT id, [id, id] AS pair FROM orders',
      operation: 'overwrite',
    });
    await expect(commit).rejects.toMatchObject({ name: 'InputError', message: expect.stringContaining('"pair"') });
    expect(() => icebergTypeOf({ name: 'huge', type: 'HUGEINT' })).toThrow(/column "huge" has DuckDB type HUGEINT/);
    await expect(readTableMetadata(tableDir)).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});

describe('reading a damaged Iceberg table', () => {
  let engine: DuckDBEngine;
  let tableDir: string;
  let snapshotId: number;
  beforeAll(async () => {
    engine = await ordersEngine(5);
  });
  afterAll(() => engine.close());

  async function freshTable() {
    tableDir = tempTableDir();
    snapshotId = (await commitSnapshot({ tableDir, engine, sourceTable: ['orders'], operation: 'overwrite' }))
      .snapshotId;
  }

  it('names the metadata file when it is truncated', async () => {
    await freshTable();
    const file = join(tableDir, 'metadata', 'v1.metadata.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200));
    await expect(readTableMetadata(tableDir)).rejects.toMatchObject({
      name: 'ContentError',
      message: expect.stringContaining(`${file} is not valid JSON`),
    });
  });

  it('names the metadata file when it is JSON but not v2 metadata', async () => {
    await freshTable();
    const file = join(tableDir, 'metadata', 'v1.metadata.json');
    writeFileSync(file, JSON.stringify({ 'format-version': 1 }));
    await expect(snapshotHistory(tableDir)).rejects.toMatchObject({
      name: 'ContentError',
      message: expect.stringContaining(`${file} is not v2 table metadata: format-version is 1`),
    });
  });

  it('names the version hint when it is corrupt', async () => {
    await freshTable();
    writeFileSync(join(tableDir, 'metadata', 'version-hint.text'), 'latest');
    await expect(readTableMetadata(tableDir)).rejects.toMatchObject({
      name: 'ContentError',
      message: expect.stringContaining('version-hint.text holds "latest"'),
    });
  });

  it('names a missing data file', async () => {
    await freshTable();
    const [file] = await dataFilesOf(tableDir);
    rmSync(file?.path ?? '');
    await expect(dataFilesOf(tableDir)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(`data file ${file?.path} of Iceberg snapshot ${snapshotId} is missing`),
    });
  });

  it('names a corrupt manifest list', async () => {
    await freshTable();
    const list = readdirSync(join(tableDir, 'metadata')).find((name) => name.startsWith('snap-')) ?? '';
    writeFileSync(join(tableDir, 'metadata', list), 'not avro');
    await expect(dataFilesOf(tableDir)).rejects.toMatchObject({
      name: 'ContentError',
      message: expect.stringContaining(`${list} is not a valid Avro file`),
    });
  });

  it('names an unknown snapshot id and the metadata file', async () => {
    await freshTable();
    await expect(dataFilesOf(tableDir, 42)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringMatching(/v1\.metadata\.json has no snapshot 42\.$/),
    });
  });
});
