import { stat } from 'node:fs/promises';
import { InputError } from '@meshwork/core';
import { quoteIdentifier, quoteLiteral } from '../duckdb/duckdb-dialect.js';
import type { Engine } from '../engine.js';
import { type ColumnMapping, type DuckDBColumn, icebergTypeOf } from './iceberg-types.js';

/** The columns of a query as DuckDB describes them. */
export async function describeQuery(engine: Engine, selectSql: string): Promise<DuckDBColumn[]> {
  const rows = await engine.query(`DESCRIBE SELECT * FROM (${selectSql}) AS source`);
  return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}

/**
 * Maps a query's columns to Iceberg types.
 *
 * @throws InputError when two columns share a name (Iceberg names must be unique) or a type has no mapping.
 */
export function mapColumns(columns: readonly DuckDBColumn[]): ColumnMapping[] {
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) {
      throw new InputError(`column "${column.name}" appears twice in the query; give each column its own name.`, {
        column: column.name,
      });
    }
    seen.add(column.name);
  }
  return columns.map(icebergTypeOf);
}

/** What a written Parquet data file holds, for its manifest entry. */
export interface WrittenDataFile {
  readonly recordCount: number;
  readonly sizeInBytes: number;
  /** Per field id: bytes on disk, values (nulls included) and nulls. */
  readonly columnSizes: { key: number; value: number }[];
  readonly valueCounts: { key: number; value: number }[];
  readonly nullValueCounts: { key: number; value: number }[];
}

/**
 * Writes a query's rows to one Parquet file with DuckDB, each column cast to its Iceberg storage type and
 * tagged with its Iceberg field id (Parquet `field_id`), which is how Iceberg readers match columns to the
 * schema; then reads the file's own statistics back for the manifest.
 *
 * @example
 * // COPY (SELECT CAST(source."id" AS BIGINT) AS "id" FROM (<select>) AS source)
 * //   TO '<tableDir>/data/<uuid>.parquet' (FORMAT parquet, FIELD_IDS {'id': 1})
 */
export async function writeParquetDataFile(
  engine: Engine,
  selectSql: string,
  columns: readonly ColumnMapping[],
  fieldIds: readonly number[],
  path: string,
): Promise<WrittenDataFile> {
  const projection = columns
    .map((c) => `CAST(source.${quoteIdentifier(c.name)} AS ${c.castTo}) AS ${quoteIdentifier(c.name)}`)
    .join(', ');
  const ids = columns.map((c, i) => `${quoteLiteral(c.name)}: ${fieldIds[i]}`).join(', ');
  await engine.run(
    `COPY (SELECT ${projection} FROM (${selectSql}) AS source) TO ${quoteLiteral(path)} (FORMAT parquet, FIELD_IDS {${ids}})`,
  );
  const [file] = await engine.query(`SELECT num_rows FROM parquet_file_metadata(${quoteLiteral(path)})`);
  const chunks = await engine.query(
    `SELECT path_in_schema AS name, sum(total_compressed_size) AS bytes, sum(num_values) AS "values",
            sum(stats_null_count) AS nulls
       FROM parquet_metadata(${quoteLiteral(path)}) GROUP BY path_in_schema`,
  );
  const idOf = new Map(columns.map((c, i) => [c.name, fieldIds[i] ?? 0]));
  const stats = chunks
    .map((chunk) => ({ id: idOf.get(String(chunk.name)), chunk }))
    .filter((s): s is { id: number; chunk: typeof s.chunk } => s.id !== undefined)
    .sort((a, b) => a.id - b.id);
  const pairs = (key: 'bytes' | 'values' | 'nulls') =>
    stats.filter((s) => s.chunk[key] !== null).map((s) => ({ key: s.id, value: Number(s.chunk[key]) }));
  return {
    recordCount: Number(file?.num_rows ?? 0),
    sizeInBytes: (await stat(path)).size,
    columnSizes: pairs('bytes'),
    valueCounts: pairs('values'),
    nullValueCounts: pairs('nulls'),
  };
}
