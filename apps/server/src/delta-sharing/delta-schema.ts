/** A field of a Delta (Spark) schema. */
export interface DeltaField {
  readonly name: string;
  readonly type: string | Record<string, unknown>;
  readonly nullable: boolean;
  readonly metadata: Record<string, never>;
}

const SIMPLE: Readonly<Record<string, string>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'byte',
  SMALLINT: 'short',
  INTEGER: 'integer',
  BIGINT: 'long',
  UTINYINT: 'short',
  USMALLINT: 'integer',
  UINTEGER: 'long',
  FLOAT: 'float',
  DOUBLE: 'double',
  VARCHAR: 'string',
  UUID: 'string',
  BLOB: 'binary',
  DATE: 'date',
  TIMESTAMP: 'timestamp_ntz',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  TIMESTAMP_NS: 'timestamp_ntz',
  TIMESTAMP_MS: 'timestamp_ntz',
  TIMESTAMP_S: 'timestamp_ntz',
};

/**
 * The Delta type of a DuckDB column type: numbers, strings, dates and timestamps map one to one, DECIMAL(p,s)
 * to `decimal(p,s)`, lists to arrays; anything else (HUGEINT, intervals, structs, maps) is served as a string.
 */
export function deltaType(duckType: string): DeltaField['type'] {
  const type = duckType.trim().toUpperCase();
  const simple = SIMPLE[type];
  if (simple) return simple;
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  if (type.endsWith('[]')) {
    return { type: 'array', elementType: deltaType(duckType.trim().slice(0, -2)), containsNull: true };
  }
  return 'string';
}

/** The `schemaString` of a table's metaData: its columns as a Delta struct, every column nullable. */
export function schemaString(columns: readonly { readonly name: string; readonly type: string }[]): string {
  const fields: DeltaField[] = columns.map((c) => ({
    name: c.name,
    type: deltaType(c.type),
    nullable: true,
    metadata: {},
  }));
  return JSON.stringify({ type: 'struct', fields });
}
