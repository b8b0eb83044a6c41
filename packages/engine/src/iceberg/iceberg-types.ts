import { InputError } from '@meshwork/core';

/** An Iceberg primitive type as written in table metadata JSON (`"long"`, `"decimal(10, 2)"`, ...). */
export type IcebergPrimitive = string;

/** A field of an Iceberg schema, as serialised in table metadata (spec, Appendix C). */
export interface IcebergField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: IcebergPrimitive;
}

/** An Iceberg schema: a struct of fields with the schema's id. */
export interface IcebergSchema {
  readonly type: 'struct';
  readonly 'schema-id': number;
  readonly fields: readonly IcebergField[];
}

/** A column as DuckDB describes it (`DESCRIBE <query>`). */
export interface DuckDBColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * How one DuckDB column is stored: its Iceberg type, and the DuckDB type the Parquet file is written as.
 * The cast matters where DuckDB would otherwise write a Parquet type Iceberg does not map to its own
 * (TINYINT as INT_8, TIMESTAMP_MS as millisecond timestamps).
 */
export interface ColumnMapping {
  readonly name: string;
  readonly iceberg: IcebergPrimitive;
  readonly castTo: string;
}

const SIMPLE: Readonly<Record<string, [IcebergPrimitive, string]>> = {
  BOOLEAN: ['boolean', 'BOOLEAN'],
  TINYINT: ['int', 'INTEGER'],
  SMALLINT: ['int', 'INTEGER'],
  INTEGER: ['int', 'INTEGER'],
  UTINYINT: ['int', 'INTEGER'],
  USMALLINT: ['int', 'INTEGER'],
  UINTEGER: ['long', 'BIGINT'],
  BIGINT: ['long', 'BIGINT'],
  FLOAT: ['float', 'FLOAT'],
  DOUBLE: ['double', 'DOUBLE'],
  VARCHAR: ['string', 'VARCHAR'],
  JSON: ['string', 'VARCHAR'],
  DATE: ['date', 'DATE'],
  TIME: ['time', 'TIME'],
  // Iceberg v2 timestamps are microseconds; seconds and milliseconds widen to them without loss.
  TIMESTAMP: ['timestamp', 'TIMESTAMP'],
  TIMESTAMP_S: ['timestamp', 'TIMESTAMP'],
  TIMESTAMP_MS: ['timestamp', 'TIMESTAMP'],
  'TIMESTAMP WITH TIME ZONE': ['timestamptz', 'TIMESTAMP WITH TIME ZONE'],
  UUID: ['uuid', 'UUID'],
  BLOB: ['binary', 'BLOB'],
};

/**
 * Maps a DuckDB column type to the Iceberg type it is stored as. Nested types (LIST, STRUCT, MAP), HUGEINT,
 * UBIGINT, INTERVAL and nanosecond timestamps have no lossless v2 primitive and are refused.
 *
 * @example
 * icebergTypeOf({ name: 'amount', type: 'DECIMAL(10,2)' }) // { iceberg: 'decimal(10, 2)', castTo: 'DECIMAL(10,2)', ... }
 * @throws InputError naming the column and its type when the type has no Iceberg equivalent.
 */
export function icebergTypeOf(column: DuckDBColumn): ColumnMapping {
  const type = column.type.trim().toUpperCase();
  const simple = SIMPLE[type];
  if (simple) return { name: column.name, iceberg: simple[0], castTo: simple[1] };
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    return { name: column.name, iceberg: `decimal(${precision}, ${scale})`, castTo: `DECIMAL(${precision},${scale})` };
  }
  throw new InputError(
    `column "${column.name}" has DuckDB type ${column.type}, which has no Iceberg v2 type here; cast it in the SELECT (for example to VARCHAR, BIGINT or DECIMAL(38,0)).`,
    { column: column.name, type: column.type },
  );
}

/** Types a field may change to and keep its id: Iceberg's allowed promotions (int→long, float→double, wider decimals). */
function promotable(from: IcebergPrimitive, to: IcebergPrimitive): boolean {
  if (from === to) return true;
  if (from === 'int' && to === 'long') return true;
  if (from === 'float' && to === 'double') return true;
  const a = /^decimal\((\d+), (\d+)\)$/.exec(from);
  const b = /^decimal\((\d+), (\d+)\)$/.exec(to);
  return a !== null && b !== null && a[2] === b[2] && Number(b[1]) >= Number(a[1]);
}

/**
 * Assigns field ids to the columns of a new snapshot. A column keeps the id it had in `previous` when its name
 * is the same and its type equal or an allowed promotion; any other column gets a fresh id above
 * `lastColumnId`, so an id never names two different columns over the table's history.
 *
 * @returns the fields, in column order, and the table's new last column id.
 */
export function assignFieldIds(
  columns: readonly ColumnMapping[],
  previous: IcebergSchema | undefined,
  lastColumnId: number,
): { fields: IcebergField[]; lastColumnId: number } {
  const byName = new Map((previous?.fields ?? []).map((field) => [field.name, field]));
  let last = lastColumnId;
  const fields = columns.map((column) => {
    const kept = byName.get(column.name);
    const id = kept && promotable(kept.type, column.iceberg) ? kept.id : ++last;
    // DuckDB reports every query column as nullable, so no field is declared required.
    return { id, name: column.name, required: false, type: column.iceberg };
  });
  return { fields, lastColumnId: last };
}

/** True when two schemas have the same fields (ids, names, types), whatever their schema ids. */
export function sameFields(a: IcebergSchema, b: readonly IcebergField[]): boolean {
  return (
    a.fields.length === b.length &&
    a.fields.every((field, i) => {
      const other = b[i];
      return other !== undefined && field.id === other.id && field.name === other.name && field.type === other.type;
    })
  );
}
