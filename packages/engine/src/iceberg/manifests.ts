import { encodeAvroFile, readAvroFile } from './avro-file.js';
import { MANIFEST_ENTRY_SCHEMA, MANIFEST_FILE_SCHEMA } from './avro-schemas.js';
import type { IcebergSchema } from './iceberg-types.js';

/** Manifest entry status (spec): 0 existing, 1 added in this snapshot, 2 deleted in this snapshot. */
export const EntryStatus = { existing: 0, added: 1, deleted: 2 } as const;

type IntLongMap = { key: number; value: number }[];

/** A data file as a manifest records it (`data_file`, spec field ids 100–140). */
export interface DataFileRecord {
  readonly content: 0;
  readonly file_path: string;
  readonly file_format: 'PARQUET';
  readonly partition: Record<string, never>;
  readonly record_count: number;
  readonly file_size_in_bytes: number;
  readonly column_sizes: IntLongMap | null;
  readonly value_counts: IntLongMap | null;
  readonly null_value_counts: IntLongMap | null;
  readonly sort_order_id: number | null;
}

/** One entry of a manifest (`manifest_entry`). */
export interface ManifestEntryRecord {
  readonly status: number;
  readonly snapshot_id: number | null;
  readonly sequence_number: number | null;
  readonly file_sequence_number: number | null;
  readonly data_file: DataFileRecord;
}

/** One manifest of a manifest list (`manifest_file`). */
export interface ManifestFileRecord {
  readonly manifest_path: string;
  readonly manifest_length: number;
  readonly partition_spec_id: number;
  readonly content: 0;
  readonly sequence_number: number;
  readonly min_sequence_number: number;
  readonly added_snapshot_id: number;
  readonly added_files_count: number;
  readonly existing_files_count: number;
  readonly deleted_files_count: number;
  readonly added_rows_count: number;
  readonly existing_rows_count: number;
  readonly deleted_rows_count: number;
  readonly partitions: null;
}

/**
 * Encodes a data manifest of an unpartitioned table. The header carries the keys the spec requires of a
 * manifest file: the table schema and partition spec it was written with, the format version and its content.
 */
export function encodeManifest(schema: IcebergSchema, entries: readonly ManifestEntryRecord[]): Promise<Buffer> {
  return encodeAvroFile(MANIFEST_ENTRY_SCHEMA, entries, {
    schema: JSON.stringify(schema),
    'schema-id': String(schema['schema-id']),
    'partition-spec': '[]',
    'partition-spec-id': '0',
    'format-version': '2',
    content: 'data',
  });
}

/** Encodes a snapshot's manifest list, with the header keys the reference implementation writes. */
export function encodeManifestList(
  snapshotId: number,
  parentSnapshotId: number | undefined,
  sequenceNumber: number,
  manifests: readonly ManifestFileRecord[],
): Promise<Buffer> {
  return encodeAvroFile(MANIFEST_FILE_SCHEMA, manifests, {
    'snapshot-id': String(snapshotId),
    'parent-snapshot-id': parentSnapshotId === undefined ? 'null' : String(parentSnapshotId),
    'sequence-number': String(sequenceNumber),
    'format-version': '2',
  });
}

/** Reads a manifest list's records. */
export async function readManifestList(path: string): Promise<ManifestFileRecord[]> {
  return (await readAvroFile<ManifestFileRecord>(path)).records;
}

/**
 * Reads a manifest's entries, with the snapshot id and sequence numbers a null field inherits from the
 * manifest list made explicit (spec, "Sequence Number Inheritance").
 */
export async function readManifestEntries(path: string, manifest: ManifestFileRecord): Promise<ManifestEntryRecord[]> {
  const { records } = await readAvroFile<ManifestEntryRecord>(path);
  return records.map((entry) => ({
    ...entry,
    snapshot_id: entry.snapshot_id ?? manifest.added_snapshot_id,
    sequence_number: entry.sequence_number ?? manifest.sequence_number,
    file_sequence_number: entry.file_sequence_number ?? manifest.sequence_number,
  }));
}
