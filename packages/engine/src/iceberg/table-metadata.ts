import { ContentError } from '@meshwork/core';
import type { IcebergField, IcebergSchema } from './iceberg-types.js';

/** A snapshot as recorded in table metadata (spec, "Snapshots"). */
export interface IcebergSnapshot {
  readonly 'snapshot-id': number;
  readonly 'parent-snapshot-id'?: number;
  readonly 'sequence-number': number;
  readonly 'timestamp-ms': number;
  readonly 'manifest-list': string;
  readonly summary: { readonly operation: SnapshotOperation } & Readonly<Record<string, string>>;
  readonly 'schema-id': number;
}

/** What a snapshot did to the table: `overwrite` replaces its rows, `append` adds to them. */
export type SnapshotOperation = 'append' | 'overwrite';

/** Iceberg v2 table metadata, the JSON of a `v<N>.metadata.json` file (spec, "Table Metadata Fields"). */
export interface TableMetadata {
  readonly 'format-version': 2;
  readonly 'table-uuid': string;
  readonly location: string;
  readonly 'last-sequence-number': number;
  readonly 'last-updated-ms': number;
  readonly 'last-column-id': number;
  readonly schemas: readonly IcebergSchema[];
  readonly 'current-schema-id': number;
  readonly 'partition-specs': readonly { readonly 'spec-id': number; readonly fields: readonly unknown[] }[];
  readonly 'default-spec-id': number;
  readonly 'last-partition-id': number;
  readonly 'sort-orders': readonly { readonly 'order-id': number; readonly fields: readonly unknown[] }[];
  readonly 'default-sort-order-id': number;
  readonly properties: Readonly<Record<string, string>>;
  readonly 'current-snapshot-id'?: number;
  readonly snapshots: readonly IcebergSnapshot[];
  readonly 'snapshot-log': readonly { readonly 'timestamp-ms': number; readonly 'snapshot-id': number }[];
  readonly 'metadata-log': readonly { readonly 'timestamp-ms': number; readonly 'metadata-file': string }[];
  readonly refs: Readonly<Record<string, { readonly 'snapshot-id': number; readonly type: 'branch' | 'tag' }>>;
}

/**
 * Partition field ids start at 1000 (spec); an unpartitioned table's last partition id is therefore 999, the
 * value the reference implementation writes.
 */
const UNPARTITIONED_LAST_PARTITION_ID = 999;

/** The first metadata of a table, before its first snapshot. */
export function emptyTableMetadata(tableUuid: string, location: string, now: number): TableMetadata {
  return {
    'format-version': 2,
    'table-uuid': tableUuid,
    location,
    'last-sequence-number': 0,
    'last-updated-ms': now,
    'last-column-id': 0,
    schemas: [],
    'current-schema-id': 0,
    'partition-specs': [{ 'spec-id': 0, fields: [] }],
    'default-spec-id': 0,
    'last-partition-id': UNPARTITIONED_LAST_PARTITION_ID,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    'default-sort-order-id': 0,
    properties: {},
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    refs: {},
  };
}

/** The schema snapshots are written with, reusing the current one when the fields did not change. */
export function withSchema(
  metadata: TableMetadata,
  fields: readonly IcebergField[],
  lastColumnId: number,
  same: (schema: IcebergSchema) => boolean,
): { metadata: TableMetadata; schemaId: number } {
  const existing = metadata.schemas.find(same);
  if (existing)
    return { metadata: { ...metadata, 'current-schema-id': existing['schema-id'] }, schemaId: existing['schema-id'] };
  const schemaId = metadata.schemas.length === 0 ? 0 : Math.max(...metadata.schemas.map((s) => s['schema-id'])) + 1;
  const schema: IcebergSchema = { type: 'struct', 'schema-id': schemaId, fields };
  return {
    metadata: {
      ...metadata,
      schemas: [...metadata.schemas, schema],
      'current-schema-id': schemaId,
      'last-column-id': Math.max(metadata['last-column-id'], lastColumnId),
    },
    schemaId,
  };
}

/** The schema a metadata file names as current. */
export function currentSchema(metadata: TableMetadata): IcebergSchema | undefined {
  return metadata.schemas.find((schema) => schema['schema-id'] === metadata['current-schema-id']);
}

const REQUIRED_NUMBERS = [
  'last-sequence-number',
  'last-updated-ms',
  'last-column-id',
  'current-schema-id',
  'default-spec-id',
  'last-partition-id',
  'default-sort-order-id',
] as const;

/**
 * Parses a metadata file's text and checks the fields this reader relies on, so a truncated or foreign file
 * fails here with its name rather than later with an undefined field.
 *
 * @throws ContentError naming `file` when the text is not JSON or not Iceberg v2 table metadata.
 */
export function parseTableMetadata(text: string, file: string): TableMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ContentError(`Iceberg table metadata ${file} is not valid JSON: ${(error as Error).message}`, { file });
  }
  const problem = metadataProblem(value);
  if (problem) throw new ContentError(`Iceberg table metadata ${file} is not v2 table metadata: ${problem}.`, { file });
  return value as TableMetadata;
}

function metadataProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const record = value as Record<string, unknown>;
  if (record['format-version'] !== 2)
    return `format-version is ${JSON.stringify(record['format-version'])}, expected 2`;
  if (typeof record['table-uuid'] !== 'string') return 'table-uuid is missing';
  if (typeof record.location !== 'string') return 'location is missing';
  for (const key of REQUIRED_NUMBERS) {
    if (typeof record[key] !== 'number') return `${key} is missing`;
  }
  for (const key of ['schemas', 'snapshots', 'partition-specs', 'sort-orders'] as const) {
    if (!Array.isArray(record[key])) return `${key} is not a list`;
  }
  const snapshots = record.snapshots as unknown[];
  for (const snapshot of snapshots) {
    const s = snapshot as Record<string, unknown>;
    if (typeof s['snapshot-id'] !== 'number' || typeof s['manifest-list'] !== 'string') {
      return 'a snapshot lacks snapshot-id or manifest-list';
    }
  }
  return undefined;
}
