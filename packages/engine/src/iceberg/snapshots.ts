import { access } from 'node:fs/promises';
import { NotFoundError } from '@meshwork/core';
import { EntryStatus, type ManifestEntryRecord, readManifestEntries, readManifestList } from './manifests.js';
import { localPath, readTableMetadata } from './table-files.js';
import type { IcebergSnapshot, TableMetadata } from './table-metadata.js';

/** The snapshot the table's metadata names as current; undefined before the first commit. */
export function currentSnapshot(metadata: TableMetadata): IcebergSnapshot | undefined {
  const id = metadata['current-snapshot-id'];
  return id === undefined ? undefined : metadata.snapshots.find((snapshot) => snapshot['snapshot-id'] === id);
}

/** One snapshot of a table's history. */
export interface SnapshotInfo {
  readonly snapshotId: number;
  readonly parentSnapshotId: number | undefined;
  readonly sequenceNumber: number;
  readonly timestampMs: number;
  readonly operation: string;
  /** Rows of the table as of this snapshot (`total-records` of its summary). */
  readonly records: number;
}

/** The snapshots of a table, oldest first, from its current metadata. */
export async function snapshotHistory(tableDir: string): Promise<SnapshotInfo[]> {
  const { metadata } = await readTableMetadata(tableDir);
  return [...metadata.snapshots]
    .sort((a, b) => a['sequence-number'] - b['sequence-number'])
    .map((snapshot) => ({
      snapshotId: snapshot['snapshot-id'],
      parentSnapshotId: snapshot['parent-snapshot-id'],
      sequenceNumber: snapshot['sequence-number'],
      timestampMs: snapshot['timestamp-ms'],
      operation: snapshot.summary.operation,
      records: Number(snapshot.summary['total-records'] ?? 0),
    }));
}

/** A live data file of a snapshot. */
export interface IcebergDataFile {
  /** The URI the manifest records. */
  readonly uri: string;
  /** Where the file is on this machine, for DuckDB's `read_parquet([...])`. */
  readonly path: string;
  readonly recordCount: number;
  readonly sizeInBytes: number;
  readonly sequenceNumber: number;
}

/**
 * The live data files of a snapshot (the current one when `snapshotId` is omitted), read from its manifest list
 * and manifests: entries marked deleted are left out. Every file is checked to exist, so a reader fails here,
 * naming the file, rather than inside a query.
 *
 * @example
 * const files = await dataFilesOf(tableDir, previousSnapshotId);
 * // SELECT count(*) FROM read_parquet(['<path>', ...])
 * @throws NotFoundError for an unknown snapshot id or a missing manifest or data file; ContentError for a corrupt one.
 */
export async function dataFilesOf(tableDir: string, snapshotId?: number): Promise<IcebergDataFile[]> {
  const { metadata, file } = await readTableMetadata(tableDir);
  const id = snapshotId ?? metadata['current-snapshot-id'];
  if (id === undefined) return [];
  const snapshot = metadata.snapshots.find((s) => s['snapshot-id'] === id);
  if (!snapshot) {
    throw new NotFoundError(`Iceberg table metadata ${file} has no snapshot ${id}.`, { file, snapshotId: id });
  }
  const resolve = (uri: string) => localPath(tableDir, metadata.location, uri);
  const files: IcebergDataFile[] = [];
  for (const manifest of await readManifestList(resolve(snapshot['manifest-list']))) {
    const entries: ManifestEntryRecord[] = await readManifestEntries(resolve(manifest.manifest_path), manifest);
    for (const entry of entries) {
      if (entry.status === EntryStatus.deleted) continue;
      const path = resolve(entry.data_file.file_path);
      try {
        await access(path);
      } catch {
        throw new NotFoundError(
          `data file ${path} of Iceberg snapshot ${id} is missing (listed in ${manifest.manifest_path}).`,
          { path, snapshotId: id },
        );
      }
      files.push({
        uri: entry.data_file.file_path,
        path,
        recordCount: entry.data_file.record_count,
        sizeInBytes: entry.data_file.file_size_in_bytes,
        sequenceNumber: entry.sequence_number ?? snapshot['sequence-number'],
      });
    }
  }
  return files;
}
