import type { IcebergSnapshot, SnapshotOperation } from './table-metadata.js';

/** What a new snapshot records about itself and its parent. */
export interface SnapshotFacts {
  snapshotId: number;
  parent: IcebergSnapshot | undefined;
  sequenceNumber: number;
  now: number;
  manifestList: string;
  operation: SnapshotOperation;
  schemaId: number;
  added: { files: number; records: number; bytes: number };
  deleted: { files: number; records: number; bytes: number };
}

/** The snapshot entry, with the summary totals the reference implementation keeps (all values are strings). */
export function newSnapshot(facts: SnapshotFacts): IcebergSnapshot {
  const before: Readonly<Record<string, string>> = facts.parent?.summary ?? {};
  const total = (key: string, delta: number) => String(Number(before[key] ?? 0) + delta);
  return {
    'snapshot-id': facts.snapshotId,
    ...(facts.parent ? { 'parent-snapshot-id': facts.parent['snapshot-id'] } : {}),
    'sequence-number': facts.sequenceNumber,
    'timestamp-ms': facts.now,
    'manifest-list': facts.manifestList,
    summary: {
      operation: facts.operation,
      'added-data-files': String(facts.added.files),
      'added-records': String(facts.added.records),
      'added-files-size': String(facts.added.bytes),
      ...(facts.deleted.files > 0
        ? {
            'deleted-data-files': String(facts.deleted.files),
            'deleted-records': String(facts.deleted.records),
            'removed-files-size': String(facts.deleted.bytes),
          }
        : {}),
      'total-data-files': total('total-data-files', facts.added.files - facts.deleted.files),
      'total-records': total('total-records', facts.added.records - facts.deleted.records),
      'total-files-size': total('total-files-size', facts.added.bytes - facts.deleted.bytes),
      'total-delete-files': '0',
      'total-position-deletes': '0',
      'total-equality-deletes': '0',
    },
    'schema-id': facts.schemaId,
  };
}
