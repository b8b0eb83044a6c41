/**
 * The Avro schemas of Iceberg v2 manifests and manifest lists, with the field ids of the spec ("Manifests",
 * "Manifest Lists"). Readers such as Iceberg's Java and Python libraries resolve fields by `field-id`, not by
 * name, so every field carries its id; the record names (`r2`, `r102`, `k117_v118`) follow the reference
 * implementation's convention. Optional fields are unions with null first and a null default, as the spec's
 * Avro mapping requires.
 */

type AvroSchema = Record<string, unknown>;

function optional(name: string, fieldId: number, type: unknown): AvroSchema {
  return { name, type: ['null', type], default: null, 'field-id': fieldId };
}

function required(name: string, fieldId: number, type: unknown): AvroSchema {
  return { name, type, 'field-id': fieldId };
}

/** Iceberg stores maps with non-string keys as an Avro array of key/value records marked `logicalType: map`. */
function intLongMap(keyId: number, valueId: number): AvroSchema {
  return {
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [required('key', keyId, 'int'), required('value', valueId, 'long')],
    },
  };
}

/** `manifest_entry`: one data file of a manifest, with its status and the snapshot and sequence numbers that added it. */
export const MANIFEST_ENTRY_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'manifest_entry',
  fields: [
    required('status', 0, 'int'),
    optional('snapshot_id', 1, 'long'),
    optional('sequence_number', 3, 'long'),
    optional('file_sequence_number', 4, 'long'),
    required('data_file', 2, {
      type: 'record',
      name: 'r2',
      fields: [
        required('content', 134, 'int'),
        required('file_path', 100, 'string'),
        required('file_format', 101, 'string'),
        // Unpartitioned tables have an empty partition tuple.
        required('partition', 102, { type: 'record', name: 'r102', fields: [] }),
        required('record_count', 103, 'long'),
        required('file_size_in_bytes', 104, 'long'),
        optional('column_sizes', 108, intLongMap(117, 118)),
        optional('value_counts', 109, intLongMap(119, 120)),
        optional('null_value_counts', 110, intLongMap(121, 122)),
        optional('sort_order_id', 140, 'int'),
      ],
    }),
  ],
};

/** `manifest_file`: one manifest of a snapshot's manifest list, with its counts of added, existing and deleted files. */
export const MANIFEST_FILE_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    required('manifest_path', 500, 'string'),
    required('manifest_length', 501, 'long'),
    required('partition_spec_id', 502, 'int'),
    required('content', 517, 'int'),
    required('sequence_number', 515, 'long'),
    required('min_sequence_number', 516, 'long'),
    required('added_snapshot_id', 503, 'long'),
    required('added_files_count', 504, 'int'),
    required('existing_files_count', 505, 'int'),
    required('deleted_files_count', 506, 'int'),
    required('added_rows_count', 512, 'long'),
    required('existing_rows_count', 513, 'long'),
    required('deleted_rows_count', 514, 'long'),
    optional('partitions', 507, {
      type: 'array',
      'element-id': 508,
      items: {
        type: 'record',
        name: 'r508',
        fields: [
          required('contains_null', 509, 'boolean'),
          optional('contains_nan', 518, 'boolean'),
          optional('lower_bound', 510, 'bytes'),
          optional('upper_bound', 511, 'bytes'),
        ],
      },
    }),
  ],
};
