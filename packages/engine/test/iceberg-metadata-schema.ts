/**
 * The `TableMetadata` shape of the Iceberg REST catalog OpenAPI (open-api/rest-catalog-open-api.yaml in the
 * Iceberg repository), as JSON Schema, narrowed to what a v2 table must have: the OpenAPI makes most fields
 * optional because it serves every format version, while the table spec requires them in v2.
 */

const snapshot = {
  type: 'object',
  required: ['snapshot-id', 'timestamp-ms', 'manifest-list', 'summary', 'sequence-number'],
  properties: {
    'snapshot-id': { type: 'integer' },
    'parent-snapshot-id': { type: 'integer' },
    'sequence-number': { type: 'integer' },
    'timestamp-ms': { type: 'integer' },
    'manifest-list': { type: 'string' },
    summary: {
      type: 'object',
      required: ['operation'],
      properties: { operation: { enum: ['append', 'replace', 'overwrite', 'delete'] } },
      additionalProperties: { type: 'string' },
    },
    'schema-id': { type: 'integer' },
  },
};

const structField = {
  type: 'object',
  required: ['id', 'name', 'type', 'required'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    type: { type: 'string' },
    required: { type: 'boolean' },
    doc: { type: 'string' },
  },
};

const schema = {
  type: 'object',
  required: ['type', 'fields', 'schema-id'],
  properties: {
    type: { const: 'struct' },
    fields: { type: 'array', items: structField },
    'schema-id': { type: 'integer' },
    'identifier-field-ids': { type: 'array', items: { type: 'integer' } },
  },
};

/** JSON Schema of Iceberg v2 table metadata. */
export const TABLE_METADATA_SCHEMA = {
  type: 'object',
  required: [
    'format-version',
    'table-uuid',
    'location',
    'last-sequence-number',
    'last-updated-ms',
    'last-column-id',
    'schemas',
    'current-schema-id',
    'partition-specs',
    'default-spec-id',
    'last-partition-id',
    'sort-orders',
    'default-sort-order-id',
  ],
  properties: {
    'format-version': { const: 2 },
    'table-uuid': { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    location: { type: 'string' },
    'last-updated-ms': { type: 'integer' },
    properties: { type: 'object', additionalProperties: { type: 'string' } },
    schemas: { type: 'array', items: schema, minItems: 1 },
    'current-schema-id': { type: 'integer' },
    'last-column-id': { type: 'integer' },
    'partition-specs': {
      type: 'array',
      items: {
        type: 'object',
        required: ['fields'],
        properties: { 'spec-id': { type: 'integer' }, fields: { type: 'array' } },
      },
    },
    'default-spec-id': { type: 'integer' },
    'last-partition-id': { type: 'integer' },
    'sort-orders': {
      type: 'array',
      items: {
        type: 'object',
        required: ['order-id', 'fields'],
        properties: { 'order-id': { type: 'integer' }, fields: { type: 'array' } },
      },
    },
    'default-sort-order-id': { type: 'integer' },
    snapshots: { type: 'array', items: snapshot },
    refs: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['type', 'snapshot-id'],
        properties: { type: { enum: ['tag', 'branch'] }, 'snapshot-id': { type: 'integer' } },
      },
    },
    'current-snapshot-id': { type: 'integer' },
    'last-sequence-number': { type: 'integer' },
    'snapshot-log': {
      type: 'array',
      items: {
        type: 'object',
        required: ['snapshot-id', 'timestamp-ms'],
        properties: { 'snapshot-id': { type: 'integer' }, 'timestamp-ms': { type: 'integer' } },
      },
    },
    'metadata-log': {
      type: 'array',
      items: {
        type: 'object',
        required: ['metadata-file', 'timestamp-ms'],
        properties: { 'metadata-file': { type: 'string' }, 'timestamp-ms': { type: 'integer' } },
      },
    },
  },
};
