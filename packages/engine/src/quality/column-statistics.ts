import { quoteIdentifier } from '../duckdb/duckdb-dialect.js';
import type { Engine } from '../engine.js';
import type { CheckNode } from './check-node.js';

/**
 * What DuckDB's statistics say about a column. Statistics are kept per row group and merged; they may be
 * wider than the data (after deletes, for example) but never narrower, so every proof below only uses them
 * in the direction where "wider" is still safe.
 */
export interface ColumnStatistics {
  readonly hasNull: boolean | undefined;
  /** Numeric minimum and maximum, when the column is numeric. */
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** Temporal minimum as epoch milliseconds (UTC), when the column is a date or timestamp. */
  readonly minTime: number | undefined;
  /** Upper bound of the byte length of strings; characters never outnumber bytes. */
  readonly maxStringLength: number | undefined;
  /** HyperLogLog estimate of distinct values: used only to choose a strategy, never as a proof. */
  readonly approxUnique: number | undefined;
}

/** Table statistics: exact row count plus per-column statistics. */
export interface TableStatistics {
  readonly rows: number;
  readonly columns: ReadonlyMap<string, ColumnStatistics>;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const TEMPORAL = /^(DATE|TIMESTAMP)/;

/**
 * Reads the statistics of the given columns and the exact row count in one query that touches no data:
 * `stats(column)` is answered from metadata and `count(*)` from row-group counts (about a millisecond).
 */
export async function readStatistics(
  engine: Engine,
  table: string,
  columns: ReadonlyMap<string, string>,
): Promise<TableStatistics> {
  const names = [...columns.keys()];
  const select = names.map((c, i) => `stats(${quoteIdentifier(c)}) AS "s${i}"`);
  const [row] = await engine.query(
    `SELECT (SELECT count(*) FROM ${table}) AS "n"${select.length > 0 ? `, ${select.join(', ')}` : ''} FROM ${table} LIMIT 1`,
  );
  const out = new Map<string, ColumnStatistics>();
  if (!row) {
    const [count] = await engine.query(`SELECT count(*) AS "n" FROM ${table}`);
    return { rows: Number(count?.n ?? 0), columns: out };
  }
  for (const [i, name] of names.entries()) {
    out.set(name, parseStatistics(String(row[`s${i}`] ?? ''), columns.get(name) ?? ''));
  }
  return { rows: Number(row.n), columns: out };
}

/** Parses DuckDB's statistics text, e.g. `[Min: 1, Max: 9][Has Null: false, Has No Null: true]`. */
export function parseStatistics(text: string, type: string): ColumnStatistics {
  const hasNull = /Has Null: (true|false)/.exec(text)?.[1];
  const length = /Max String Length: (\d+)/.exec(text)?.[1];
  const unique = /Approx Unique: (\d+)/.exec(text)?.[1];
  let min: number | undefined;
  let max: number | undefined;
  let minTime: number | undefined;
  if (NUMERIC.test(type)) {
    const m = /\[Min: (-?[0-9.eE+-]+), Max: (-?[0-9.eE+-]+)\]/.exec(text);
    if (m) {
      min = Number(m[1]);
      max = Number(m[2]);
      if (!Number.isFinite(min) || !Number.isFinite(max)) min = max = undefined;
    }
  } else if (TEMPORAL.test(type) && !type.includes('TIME ZONE')) {
    const m = /\[Min: (\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2}(?:\.\d+)?)?),/.exec(text);
    if (m?.[1]) {
      const t = Date.parse(`${m[1].replace(' ', 'T')}${m[1].length > 10 ? 'Z' : 'T00:00:00Z'}`);
      minTime = Number.isFinite(t) ? t : undefined;
    }
  }
  return {
    hasNull: hasNull === undefined ? undefined : hasNull === 'true',
    min,
    max,
    minTime,
    maxStringLength: length === undefined ? undefined : Number(length),
    approxUnique: unique === undefined ? undefined : Number(unique),
  };
}

/**
 * The value a check would measure, when statistics prove it without a scan; undefined when they cannot.
 * Only exact answers are returned: a proof either shows there is no violation (0) or abstains.
 */
export function proveFromStatistics(node: CheckNode, stats: TableStatistics, now: number): number | undefined {
  if (node.kind === 'rowCount') return stats.rows;
  if (node.kind === 'sql' || node.kind === 'duplicateValues' || node.kind === 'freshness') return undefined;
  const column = stats.columns.get(node.column);
  if (!column) return undefined;
  switch (node.kind) {
    case 'nullValues':
      return column.hasNull === false ? 0 : undefined;
    case 'range': {
      if (column.min === undefined || column.max === undefined) return undefined;
      const num = (v: number | string | undefined) => (typeof v === 'number' ? v : undefined);
      const bounds = [node.minimum, node.maximum, node.exclusiveMinimum, node.exclusiveMaximum];
      if (bounds.some((b) => b !== undefined && typeof b !== 'number')) return undefined;
      const low = num(node.minimum);
      const high = num(node.maximum);
      const exLow = num(node.exclusiveMinimum);
      const exHigh = num(node.exclusiveMaximum);
      const inside =
        (low === undefined || column.min >= low) &&
        (high === undefined || column.max <= high) &&
        (exLow === undefined || column.min > exLow) &&
        (exHigh === undefined || column.max < exHigh);
      return inside ? 0 : undefined;
    }
    case 'length':
      return node.minLength === undefined &&
        node.maxLength !== undefined &&
        column.maxStringLength !== undefined &&
        column.maxStringLength <= node.maxLength
        ? 0
        : undefined;
    case 'retention':
      // The true minimum is at or after the statistics' minimum, so its age is at most this one.
      if (column.minTime === undefined) return undefined;
      return (now - column.minTime) / 3_600_000 <= node.maxAgeMs / 3_600_000
        ? (now - column.minTime) / 3_600_000
        : undefined;
    default:
      return undefined;
  }
}
