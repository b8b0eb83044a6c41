import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@meshwork/core';
import { qualified } from '../duckdb/duckdb-dialect.js';
import type { Engine } from '../engine.js';
import { writeAndRename, writeDurably } from './atomic-write.js';
import { assignFieldIds, type IcebergSchema, sameFields } from './iceberg-types.js';
import {
  EntryStatus,
  encodeManifest,
  encodeManifestList,
  type ManifestEntryRecord,
  type ManifestFileRecord,
  readManifestEntries,
  readManifestList,
} from './manifests.js';
import { describeQuery, mapColumns, writeParquetDataFile } from './parquet-data-file.js';
import { newSnapshot } from './snapshot-summary.js';
import { currentSnapshot } from './snapshots.js';
import {
  currentVersion,
  defaultLocation,
  fileUri,
  localPath,
  metadataDir,
  metadataFilePath,
  readTableMetadata,
  versionHintPath,
} from './table-files.js';
import {
  currentSchema,
  emptyTableMetadata,
  type SnapshotOperation,
  type TableMetadata,
  withSchema,
} from './table-metadata.js';

/** What to commit as a new snapshot of an Iceberg table. */
export interface CommitSnapshotOptions {
  /** The table's folder: `data/` and `metadata/` are created under it. */
  readonly tableDir: string;
  /** An engine that runs DuckDB SQL (`COPY ... (FORMAT parquet)`, `parquet_metadata`). */
  readonly engine: Engine;
  /** The rows of the snapshot, as a SELECT; or name a table with `sourceTable`. */
  readonly selectSql?: string;
  /** The table whose rows make the snapshot, as name parts (`['sales', 'orders']`). */
  readonly sourceTable?: readonly string[];
  /** `overwrite` (a full rebuild: the snapshot holds only the new rows) or `append`. */
  readonly operation: SnapshotOperation;
  /**
   * The table's location URI, recorded when the table is created (later commits keep the first one).
   * Defaults to the folder's `file://` URI; a table served over HTTP records its base URL.
   */
  readonly location?: string;
  /**
   * Runs after every new file is written and before the version hint is swapped: a test stands in a crash
   * here to check that nothing of the snapshot becomes visible.
   */
  readonly beforePointerSwap?: () => Promise<void> | void;
}

/** The snapshot a commit made current. */
export interface CommittedSnapshot {
  readonly snapshotId: number;
  readonly sequenceNumber: number;
  readonly version: number;
  readonly metadataFile: string;
  readonly dataFile: string;
  readonly recordCount: number;
}

/**
 * Commits a new snapshot of an Iceberg v2 table (unpartitioned, Parquet data files) from a query's rows.
 *
 * Order of writes: the Parquet data file, the manifest, the manifest list, `v<N>.metadata.json`, and last the
 * version hint, written to a temporary file and renamed over the old one. Until that rename the previous
 * snapshot stays current; a failure before it leaves only unreferenced files behind. One writer per table at a
 * time: the version written is the hint's plus one, so an orphan `v<N>.metadata.json` of a crashed commit is
 * overwritten by the next.
 *
 * @example
 * await commitSnapshot({ tableDir, engine, selectSql: 'SELECT * FROM sales.orders', operation: 'overwrite' });
 * @throws InputError for a column type Iceberg cannot store, or when neither or both sources are given.
 */
export async function commitSnapshot(options: CommitSnapshotOptions): Promise<CommittedSnapshot> {
  const { tableDir, engine, operation } = options;
  const selectSql = sourceQuery(options);
  const version = await currentVersion(tableDir);
  const previous = version === undefined ? undefined : (await readTableMetadata(tableDir)).metadata;
  const base = previous ?? emptyTableMetadata(randomUUID(), options.location ?? defaultLocation(tableDir), Date.now());
  const resolve = (uri: string) => localPath(tableDir, base.location, uri);

  const columns = mapColumns(await describeQuery(engine, selectSql));
  const { fields, lastColumnId } = assignFieldIds(columns, currentSchema(base), base['last-column-id']);
  const schemaChange = withSchema(base, fields, lastColumnId, (schema) => sameFields(schema, fields));
  const schema = schemaChange.metadata.schemas.find((s) => s['schema-id'] === schemaChange.schemaId) as IcebergSchema;

  await mkdir(join(tableDir, 'data'), { recursive: true });
  await mkdir(metadataDir(tableDir), { recursive: true });
  const dataRelative = `data/${randomUUID()}.parquet`;
  const written = await writeParquetDataFile(
    engine,
    selectSql,
    columns,
    fields.map((f) => f.id),
    join(tableDir, dataRelative),
  );

  const snapshotId = newSnapshotId(base);
  const sequenceNumber = base['last-sequence-number'] + 1;
  const parent = currentSnapshot(base);
  const added: ManifestEntryRecord = {
    status: EntryStatus.added,
    snapshot_id: snapshotId,
    // Null sequence numbers are inherited from the manifest list, as the spec asks of newly added files.
    sequence_number: null,
    file_sequence_number: null,
    data_file: {
      content: 0,
      file_path: fileUri(base.location, dataRelative),
      file_format: 'PARQUET',
      partition: {},
      record_count: written.recordCount,
      file_size_in_bytes: written.sizeInBytes,
      column_sizes: written.columnSizes,
      value_counts: written.valueCounts,
      null_value_counts: written.nullValueCounts,
      sort_order_id: 0,
    },
  };

  const parentManifests = parent ? await readManifestList(resolve(parent['manifest-list'])) : [];
  const replaced: ManifestEntryRecord[] = [];
  if (operation === 'overwrite') {
    // Replaced files are kept as deleted entries so that snapshot expiry can find what this snapshot dropped.
    for (const manifest of parentManifests) {
      for (const entry of await readManifestEntries(resolve(manifest.manifest_path), manifest)) {
        if (entry.status !== EntryStatus.deleted) {
          replaced.push({ ...entry, status: EntryStatus.deleted, snapshot_id: snapshotId });
        }
      }
    }
  }
  const entries = [added, ...replaced];
  const manifestRelative = `metadata/${randomUUID()}-m0.avro`;
  const manifestBytes = await encodeManifest(schema, entries);
  await writeDurably(join(tableDir, manifestRelative), manifestBytes);

  const replacedRows = replaced.reduce((sum, e) => sum + e.data_file.record_count, 0);
  const newManifest: ManifestFileRecord = {
    manifest_path: fileUri(base.location, manifestRelative),
    manifest_length: manifestBytes.length,
    partition_spec_id: 0,
    content: 0,
    sequence_number: sequenceNumber,
    // Only the added file is live in this manifest, and it carries this snapshot's sequence number.
    min_sequence_number: sequenceNumber,
    added_snapshot_id: snapshotId,
    added_files_count: 1,
    existing_files_count: 0,
    deleted_files_count: replaced.length,
    added_rows_count: written.recordCount,
    existing_rows_count: 0,
    deleted_rows_count: replacedRows,
    partitions: null,
  };
  const manifests = operation === 'append' ? [newManifest, ...parentManifests] : [newManifest];
  const listRelative = `metadata/snap-${snapshotId}-1-${randomUUID()}.avro`;
  await writeDurably(
    join(tableDir, listRelative),
    await encodeManifestList(snapshotId, parent?.['snapshot-id'], sequenceNumber, manifests),
  );

  const now = Date.now();
  const snapshot = newSnapshot({
    snapshotId,
    parent,
    sequenceNumber,
    now,
    manifestList: fileUri(base.location, listRelative),
    operation,
    schemaId: schemaChange.schemaId,
    added: { files: 1, records: written.recordCount, bytes: written.sizeInBytes },
    deleted: { files: replaced.length, records: replacedRows, bytes: sum(replaced, 'file_size_in_bytes') },
  });
  const nextVersion = (version ?? 0) + 1;
  const metadata: TableMetadata = {
    ...schemaChange.metadata,
    'last-sequence-number': sequenceNumber,
    'last-updated-ms': now,
    'current-snapshot-id': snapshotId,
    snapshots: [...base.snapshots, snapshot],
    'snapshot-log': [...base['snapshot-log'], { 'timestamp-ms': now, 'snapshot-id': snapshotId }],
    'metadata-log':
      version === undefined
        ? base['metadata-log']
        : [
            ...base['metadata-log'],
            {
              'timestamp-ms': base['last-updated-ms'],
              'metadata-file': fileUri(base.location, `metadata/v${version}.metadata.json`),
            },
          ],
    refs: { ...base.refs, main: { 'snapshot-id': snapshotId, type: 'branch' } },
  };
  const metadataFile = metadataFilePath(tableDir, nextVersion);
  await writeAndRename(metadataFile, `${JSON.stringify(metadata, null, 2)}\n`);
  await options.beforePointerSwap?.();
  await writeAndRename(versionHintPath(tableDir), String(nextVersion));

  return {
    snapshotId,
    sequenceNumber,
    version: nextVersion,
    metadataFile,
    dataFile: join(tableDir, dataRelative),
    recordCount: written.recordCount,
  };
}

function sourceQuery(options: CommitSnapshotOptions): string {
  if ((options.selectSql === undefined) === (options.sourceTable === undefined)) {
    throw new InputError('commitSnapshot takes either selectSql or sourceTable, not both or neither.');
  }
  return options.selectSql ?? `SELECT * FROM ${qualified(...(options.sourceTable ?? []))}`;
}

/**
 * A random snapshot id. The spec's ids are 64-bit longs, but JSON numbers lose precision past 2^53 in
 * JavaScript readers (icebird, ours) and in any reader that parses JSON to doubles; ids below 2^53 stay exact
 * everywhere and, at 53 random bits, still do not collide in practice (a collision is retried anyway).
 */
function newSnapshotId(metadata: TableMetadata): number {
  const taken = new Set(metadata.snapshots.map((s) => s['snapshot-id']));
  for (;;) {
    const id = Number(randomBytes(8).readBigUInt64BE() & (2n ** 53n - 1n));
    if (id > 0 && !taken.has(id)) return id;
  }
}

function sum(entries: readonly ManifestEntryRecord[], key: 'file_size_in_bytes' | 'record_count'): number {
  return entries.reduce((total, entry) => total + entry.data_file[key], 0);
}
