import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../src/duckdb/duckdb-engine.js';
import { readAvroFile } from '../src/iceberg/avro-file.js';
import { type CommittedSnapshot, commitSnapshot } from '../src/iceberg/commit-snapshot.js';
import { currentSnapshot, dataFilesOf, snapshotHistory } from '../src/iceberg/snapshots.js';
import { localPath, readTableMetadata } from '../src/iceberg/table-files.js';
import { countParquet, fillOrders, ordersEngine, tempTableDir } from './iceberg-fixture.js';
import { TABLE_METADATA_SCHEMA } from './iceberg-metadata-schema.js';

describe('an Iceberg table written in two snapshots', () => {
  let engine: DuckDBEngine;
  const tableDir = tempTableDir();
  let first: CommittedSnapshot;
  let second: CommittedSnapshot;

  beforeAll(async () => {
    engine = await ordersEngine(10);
    first = await commitSnapshot({ tableDir, engine, sourceTable: ['orders'], operation: 'overwrite' });
    // A full rebuild with more rows and a new column: the old columns keep their field ids.
    await fillOrders(engine, 25);
    second = await commitSnapshot({
      tableDir,
      engine,
      selectSql: 'SELECT *, id * 2 AS doubled FROM orders',
      operation: 'overwrite',
    });
  });
  afterAll(() => engine.close());

  it('writes v2 metadata with the fields the spec requires', async () => {
    const { metadata, version } = await readTableMetadata(tableDir);
    expect(version).toBe(2);
    const validate = new Ajv({ strict: false }).compile(TABLE_METADATA_SCHEMA);
    expect(validate(metadata), JSON.stringify(validate.errors)).toBe(true);
    expect(metadata['format-version']).toBe(2);
    expect(metadata['last-sequence-number']).toBe(2);
    expect(metadata['current-snapshot-id']).toBe(second.snapshotId);
    expect(metadata.refs).toEqual({ main: { 'snapshot-id': second.snapshotId, type: 'branch' } });
    expect(metadata['partition-specs']).toEqual([{ 'spec-id': 0, fields: [] }]);
    expect(metadata['last-partition-id']).toBe(999);
    expect(metadata['sort-orders']).toEqual([{ 'order-id': 0, fields: [] }]);
    expect(metadata['snapshot-log'].map((e) => e['snapshot-id'])).toEqual([first.snapshotId, second.snapshotId]);
    expect(metadata['metadata-log']).toHaveLength(1);
    expect(metadata['metadata-log'][0]?.['metadata-file']).toMatch(/\/metadata\/v1\.metadata\.json$/);

    expect(metadata.schemas).toHaveLength(2);
    const [v1, v2] = metadata.schemas;
    expect(v1?.fields.map((f) => [f.id, f.name, f.type])).toEqual([
      [1, 'id', 'int'],
      [2, 'customer', 'string'],
      [3, 'amount', 'decimal(10, 2)'],
      [4, 'weight', 'double'],
      [5, 'paid', 'boolean'],
      [6, 'day', 'date'],
      [7, 'placed_at', 'timestamp'],
      [8, 'big', 'long'],
      [9, 'small', 'int'],
    ]);
    expect(v2?.fields.slice(0, 9)).toEqual(v1?.fields);
    expect(v2?.fields[9]).toEqual({ id: 10, name: 'doubled', required: false, type: 'int' });
    expect(metadata['last-column-id']).toBe(10);
    expect(metadata['current-schema-id']).toBe(1);

    const snapshot = currentSnapshot(metadata);
    expect(snapshot?.['parent-snapshot-id']).toBe(first.snapshotId);
    expect(snapshot?.['schema-id']).toBe(1);
    expect(snapshot?.summary).toMatchObject({
      operation: 'overwrite',
      'added-data-files': '1',
      'added-records': '25',
      'deleted-data-files': '1',
      'deleted-records': '10',
      'total-records': '25',
      'total-data-files': '1',
    });
    expect(Number.isSafeInteger(second.snapshotId) && second.snapshotId > 0).toBe(true);
  });

  it('writes manifests with the spec field ids and header keys', async () => {
    const { metadata } = await readTableMetadata(tableDir);
    const list = await readAvroFile<Record<string, unknown>>(
      localPath(tableDir, metadata.location, currentSnapshot(metadata)?.['manifest-list'] ?? ''),
    );
    expect(list.metadata['format-version']).toBe('2');
    expect(list.metadata['snapshot-id']).toBe(String(second.snapshotId));
    expect(list.records).toHaveLength(1);
    expect(list.records[0]).toMatchObject({
      content: 0,
      sequence_number: 2,
      min_sequence_number: 2,
      added_snapshot_id: second.snapshotId,
      added_files_count: 1,
      deleted_files_count: 1,
      added_rows_count: 25,
      deleted_rows_count: 10,
    });
    const listSchema = JSON.parse(list.metadata['avro.schema'] ?? '{}');
    expect(listSchema.name).toBe('manifest_file');
    expect(
      Object.fromEntries(listSchema.fields.map((f: { name: string; 'field-id': number }) => [f.name, f['field-id']])),
    ).toMatchObject({
      manifest_path: 500,
      manifest_length: 501,
      partition_spec_id: 502,
      content: 517,
      sequence_number: 515,
      min_sequence_number: 516,
      added_snapshot_id: 503,
      added_rows_count: 512,
      partitions: 507,
    });

    const manifestPath = localPath(tableDir, metadata.location, String(list.records[0]?.manifest_path));
    const manifest = await readAvroFile<Record<string, unknown>>(manifestPath);
    expect(manifest.metadata).toMatchObject({
      'schema-id': '1',
      'partition-spec': '[]',
      'partition-spec-id': '0',
      'format-version': '2',
      content: 'data',
    });
    expect(JSON.parse(manifest.metadata.schema ?? '{}')).toEqual(metadata.schemas[1]);
    expect(manifest.records.map((r) => r.status)).toEqual([1, 2]);
    const [added, deleted] = manifest.records as { data_file: Record<string, unknown>; sequence_number: unknown }[];
    expect(added?.sequence_number).toBeNull();
    expect(deleted?.sequence_number).toBe(1);
    expect(added?.data_file).toMatchObject({ content: 0, file_format: 'PARQUET', record_count: 25, partition: {} });
    // Column 9 (small) is null in every fifth row: 0, 5, 10, 15, 20.
    expect(added?.data_file.null_value_counts).toContainEqual({ key: 9, value: 5 });
    expect(added?.data_file.value_counts).toContainEqual({ key: 1, value: 25 });
    const entrySchema = JSON.parse(manifest.metadata['avro.schema'] ?? '{}');
    expect(entrySchema.fields.map((f: { name: string; 'field-id': number }) => [f.name, f['field-id']])).toEqual([
      ['status', 0],
      ['snapshot_id', 1],
      ['sequence_number', 3],
      ['file_sequence_number', 4],
      ['data_file', 2],
    ]);
  });

  it('keeps the history and reads each snapshot back with DuckDB (time travel)', async () => {
    const history = await snapshotHistory(tableDir);
    expect(history.map((s) => [s.snapshotId, s.parentSnapshotId, s.records, s.operation])).toEqual([
      [first.snapshotId, undefined, 10, 'overwrite'],
      [second.snapshotId, first.snapshotId, 25, 'overwrite'],
    ]);
    const old = await dataFilesOf(tableDir, first.snapshotId);
    const now = await dataFilesOf(tableDir);
    expect(old.map((f) => f.path)).toEqual([first.dataFile]);
    expect(now.map((f) => f.path)).toEqual([second.dataFile]);
    expect(
      await countParquet(
        engine,
        old.map((f) => f.path),
      ),
    ).toBe(10);
    expect(
      await countParquet(
        engine,
        now.map((f) => f.path),
      ),
    ).toBe(25);
    // Previous data files stay on disk for time travel.
    expect(readdirSync(join(tableDir, 'data'))).toHaveLength(2);
    const fieldIds = await engine.query(
      `SELECT name, field_id FROM parquet_schema('${second.dataFile}') WHERE field_id IS NOT NULL ORDER BY field_id`,
    );
    expect(fieldIds.map((r) => [r.name, Number(r.field_id)])).toContainEqual(['doubled', 10]);
    expect(readFileSync(join(tableDir, 'metadata', 'version-hint.text'), 'utf8')).toBe('2');
  });

  it('appends: the new snapshot keeps the previous files', async () => {
    // Its own table, so that the two-snapshot table above stays as the other tests (in any order) expect.
    const appendDir = tempTableDir();
    const base = await commitSnapshot({
      tableDir: appendDir,
      engine,
      selectSql: 'SELECT *, id * 2 AS doubled FROM orders',
      operation: 'overwrite',
    });
    const appended = await commitSnapshot({
      tableDir: appendDir,
      engine,
      selectSql: 'SELECT *, id * 2 AS doubled FROM orders WHERE id < 3',
      operation: 'append',
    });
    const files = await dataFilesOf(appendDir);
    expect(files.map((f) => f.path).sort()).toEqual([base.dataFile, appended.dataFile].sort());
    expect(
      await countParquet(
        engine,
        files.map((f) => f.path),
      ),
    ).toBe(28);
    const history = await snapshotHistory(appendDir);
    expect(history.at(-1)).toMatchObject({ records: 28, operation: 'append', parentSnapshotId: base.snapshotId });
  });
});
