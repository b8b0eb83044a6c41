import { quoteIdentifier } from '../duckdb/duckdb-dialect.js';
import type { CheckNode } from './check-node.js';

/** SQL text with positional parameters: the only form in which checks reach the engine. */
export interface CompiledQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** The fused scan: one aggregate query, and which output column answers which check. */
export interface FusedScan extends CompiledQuery {
  /** Output column → check id. `n` is always the row count. */
  readonly slots: ReadonlyMap<string, string>;
}

/** Column name → DuckDB type, from DESCRIBE; parameters are cast to the column's type. */
export type ColumnTypes = ReadonlyMap<string, string>;

/** Check kinds the fused scan can measure as one aggregate each. */
export function isFusable(node: CheckNode): boolean {
  return node.kind !== 'sql' && !(node.kind === 'duplicateValues' && node.columns.length > 1);
}

/**
 * Compiles fusable checks into one aggregate query over `table` (an already quoted relation name): each
 * check becomes one aggregate that counts its violations (or, for freshness and retention, the age in
 * hours of the newest or oldest value), so the table is read once however many checks it has.
 *
 * @example
 * compileFusedScan('"orders"', [nullCheck('email'), rangeCheck('amount', 0, 100)], types)
 * // SELECT count(*) AS "n",
 * //   count(*) FILTER (WHERE "email" IS NULL) AS "c0",
 * //   count(*) FILTER (WHERE "amount" < CAST(? AS DOUBLE) OR "amount" > CAST(? AS DOUBLE)) AS "c1"
 * // FROM "orders"            parameters: [0, 100]
 */
export function compileFusedScan(table: string, checks: readonly CheckNode[], types: ColumnTypes): FusedScan {
  const parameters: unknown[] = [];
  const slots = new Map<string, string>();
  const select = ['count(*) AS "n"'];
  const param: Param = (value, type) => {
    parameters.push(value);
    return `CAST(? AS ${type})`;
  };
  const typeOf = (column: string) => types.get(column) ?? 'VARCHAR';
  for (const [i, node] of checks.entries()) {
    const alias = `c${i}`;
    const expression = aggregateFor(node, param, typeOf);
    if (expression === undefined) continue;
    select.push(`${expression} AS ${quoteIdentifier(alias)}`);
    slots.set(alias, node.id);
  }
  return { sql: `SELECT ${select.join(',\n  ')}\nFROM ${table}`, parameters, slots };
}

/** Adds a parameter and returns its placeholder, cast to a SQL type (types come from DESCRIBE, not users). */
type Param = (value: unknown, type: string) => string;

function aggregateFor(node: CheckNode, param: Param, typeOf: (column: string) => string): string | undefined {
  switch (node.kind) {
    case 'rowCount':
      return 'count(*)';
    case 'nullValues':
      return `count(*) FILTER (WHERE ${quoteIdentifier(node.column)} IS NULL)`;
    case 'missingValues': {
      const c = quoteIdentifier(node.column);
      if (node.missing.length === 0) return `count(*) FILTER (WHERE ${c} IS NULL)`;
      const markers = node.missing.map((v) => param(String(v), 'VARCHAR')).join(', ');
      return `count(*) FILTER (WHERE ${c} IS NULL OR CAST(${c} AS VARCHAR) IN (${markers}))`;
    }
    case 'invalidValues': {
      const c = quoteIdentifier(node.column);
      const conditions: string[] = [];
      if (node.validValues)
        conditions.push(`${c} NOT IN (${node.validValues.map((v) => param(v, typeOf(node.column))).join(', ')})`);
      if (node.pattern !== undefined)
        conditions.push(`NOT regexp_matches(CAST(${c} AS VARCHAR), ${param(node.pattern, 'VARCHAR')})`);
      return `count(*) FILTER (WHERE ${c} IS NOT NULL AND (${conditions.join(' OR ')}))`;
    }
    case 'range': {
      const c = quoteIdentifier(node.column);
      const conditions = [
        node.minimum !== undefined ? `${c} < ${param(node.minimum, typeOf(node.column))}` : undefined,
        node.maximum !== undefined ? `${c} > ${param(node.maximum, typeOf(node.column))}` : undefined,
        node.exclusiveMinimum !== undefined
          ? `${c} <= ${param(node.exclusiveMinimum, typeOf(node.column))}`
          : undefined,
        node.exclusiveMaximum !== undefined
          ? `${c} >= ${param(node.exclusiveMaximum, typeOf(node.column))}`
          : undefined,
      ].filter((x) => x !== undefined);
      return `count(*) FILTER (WHERE ${conditions.join(' OR ')})`;
    }
    case 'length': {
      const c = `length(CAST(${quoteIdentifier(node.column)} AS VARCHAR))`;
      const conditions = [
        node.minLength !== undefined ? `${c} < ${param(node.minLength, 'BIGINT')}` : undefined,
        node.maxLength !== undefined ? `${c} > ${param(node.maxLength, 'BIGINT')}` : undefined,
      ].filter((x) => x !== undefined);
      return `count(*) FILTER (WHERE ${conditions.join(' OR ')})`;
    }
    case 'duplicateValues': {
      const c = quoteIdentifier(node.columns[0] as string);
      return `count(${c}) - count(DISTINCT ${c})`;
    }
    case 'freshness':
    case 'retention':
      return ageHours(node);
    case 'sql':
      return undefined;
  }
}

/** Age in hours of the newest (freshness) or oldest (retention) value of the node's column. */
export function ageHours(node: CheckNode & { kind: 'freshness' | 'retention' }): string {
  const edge = node.kind === 'freshness' ? 'max' : 'min';
  return `(epoch(current_timestamp) - epoch(${edge}(${quoteIdentifier(node.column)}))) / 3600.0`;
}

/** A statement of its own for a check that should not share a scan: uniqueness by hashing. */
export function compileSeparate(table: string, node: CheckNode): CompiledQuery | undefined {
  if (node.kind === 'duplicateValues' && node.columns.length > 1) {
    const columns = node.columns.map(quoteIdentifier).join(', ');
    return { sql: `SELECT count(*) - count(DISTINCT ROW(${columns})) AS "value"\nFROM ${table}`, parameters: [] };
  }
  if (node.kind === 'duplicateValues') {
    const c = quoteIdentifier(node.columns[0] as string);
    return { sql: `SELECT count(${c}) - count(DISTINCT ${c}) AS "value"\nFROM ${table}`, parameters: [] };
  }
  return undefined;
}

/**
 * The query of a `type: sql` check with ODCS placeholders replaced: `${object}` by the quoted table and
 * `${property}` by the quoted column. The result is wrapped so only its first value is read.
 */
export function compileSqlCheck(table: string, node: CheckNode & { kind: 'sql' }): string {
  return node.query
    .replaceAll('${object}', table)
    .replaceAll('${table}', table)
    .replaceAll('${property}', node.column ? quoteIdentifier(node.column) : '${property}')
    .replaceAll('${column}', node.column ? quoteIdentifier(node.column) : '${column}')
    .trim()
    .replace(/;\s*$/, '');
}
