import { quoteIdentifier } from '../duckdb/duckdb-dialect.js';
import { ageHours, type ColumnTypes, type CompiledQuery, isFusable } from './check-compiler.js';
import type { CheckNode } from './check-node.js';
import type { TableStatistics } from './column-statistics.js';

/** Distinct values below which a column's values are collected instead of tested row by row. */
export const LOW_CARDINALITY = 10_000;
/** Widest integer range (in values) a uniqueness bitmap may cover: 2^27 bits, 16 MiB. */
export const MAX_BITMAP_RANGE = 2 ** 27;

/** The probe scan: one aggregate query; each slot is the check's exact value, or NULL for "count it". */
export interface ProbeScan extends CompiledQuery {
  readonly slots: ReadonlyMap<string, string>;
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;

/**
 * Compiles the checks that statistics did not prove into one aggregate query that reads the table once
 * and costs about what reading it costs. Each check gets one expression whose value is either the exact
 * measurement or NULL, meaning "a violation is possible; count it" (the violation-counting scan then
 * runs for those checks only, so a healthy table is read once):
 *
 * - nulls, row count, freshness and retention are exact aggregates;
 * - valid values, patterns and missing markers on a low-cardinality column test the few distinct values
 *   (`list(DISTINCT c)`), not every row;
 * - bounds and lengths compare min and max against the limits;
 * - uniqueness of an integer column whose range statistics know uses a bitmap (`bitstring_agg`) instead
 *   of a hash table; other uniqueness checks are left out (they run as statements of their own, since a
 *   hash-based distinct count slows down every aggregate that shares its scan).
 *
 * @example
 * // a valid-values check on a 5-value column:
 * // CASE WHEN len(list_filter(list(DISTINCT "color"), x -> x NOT IN (CAST(? AS VARCHAR), ...))) = 0 THEN 0 END
 */
export function compileProbeScan(
  table: string,
  checks: readonly CheckNode[],
  types: ColumnTypes,
  stats: TableStatistics | undefined,
): ProbeScan {
  const parameters: unknown[] = [];
  const slots = new Map<string, string>();
  const select = ['count(*) AS "n"'];
  const param = (value: unknown, type: string) => {
    parameters.push(value);
    return `CAST(? AS ${type})`;
  };
  const typeOf = (column: string) => types.get(column) ?? 'VARCHAR';
  const lowCardinality = (column: string) => {
    const approx = stats?.columns.get(column)?.approxUnique;
    return approx !== undefined && approx <= LOW_CARDINALITY;
  };
  for (const [i, node] of checks.entries()) {
    if (!isFusable(node)) continue;
    const expression = probeFor(node, { param, typeOf, lowCardinality, stats });
    if (expression === undefined) continue;
    const alias = `p${i}`;
    select.push(`${expression} AS ${quoteIdentifier(alias)}`);
    slots.set(alias, node.id);
  }
  return { sql: `SELECT ${select.join(',\n  ')}\nFROM ${table}`, parameters, slots };
}

interface ProbeContext {
  readonly param: (value: unknown, type: string) => string;
  readonly typeOf: (column: string) => string;
  readonly lowCardinality: (column: string) => boolean;
  readonly stats: TableStatistics | undefined;
}

function probeFor(node: CheckNode, ctx: ProbeContext): string | undefined {
  const { param, typeOf } = ctx;
  switch (node.kind) {
    case 'rowCount':
      return 'count(*)';
    case 'nullValues':
      return `count(*) - count(${quoteIdentifier(node.column)})`;
    case 'freshness':
    case 'retention':
      return ageHours(node);
    case 'missingValues': {
      const c = quoteIdentifier(node.column);
      if (node.missing.length === 0) return `count(*) - count(${c})`;
      const markers = node.missing.map((v) => param(String(v), 'VARCHAR')).join(', ');
      if (ctx.lowCardinality(node.column)) {
        return `CASE WHEN len(list_filter(list(DISTINCT ${c}), x -> CAST(x AS VARCHAR) IN (${markers}))) = 0 THEN count(*) - count(${c}) END`;
      }
      return `count(*) FILTER (WHERE ${c} IS NULL OR CAST(${c} AS VARCHAR) IN (${markers}))`;
    }
    case 'invalidValues': {
      const c = quoteIdentifier(node.column);
      const invalid = (x: string) => {
        const conditions: string[] = [];
        if (node.validValues)
          conditions.push(`${x} NOT IN (${node.validValues.map((v) => param(v, typeOf(node.column))).join(', ')})`);
        if (node.pattern !== undefined)
          conditions.push(`NOT regexp_matches(CAST(${x} AS VARCHAR), ${param(node.pattern, 'VARCHAR')})`);
        return conditions.join(' OR ');
      };
      if (ctx.lowCardinality(node.column)) {
        return `CASE WHEN len(list_filter(list(DISTINCT ${c}), x -> ${invalid('x')})) = 0 THEN 0 END`;
      }
      return `count(*) FILTER (WHERE ${c} IS NOT NULL AND (${invalid(c)}))`;
    }
    case 'range': {
      const c = quoteIdentifier(node.column);
      const t = typeOf(node.column);
      const conditions = [
        node.minimum !== undefined ? `min(${c}) >= ${param(node.minimum, t)}` : undefined,
        node.maximum !== undefined ? `max(${c}) <= ${param(node.maximum, t)}` : undefined,
        node.exclusiveMinimum !== undefined ? `min(${c}) > ${param(node.exclusiveMinimum, t)}` : undefined,
        node.exclusiveMaximum !== undefined ? `max(${c}) < ${param(node.exclusiveMaximum, t)}` : undefined,
      ].filter((x) => x !== undefined);
      return `CASE WHEN ${conditions.join(' AND ')} THEN 0 END`;
    }
    case 'length': {
      const c = `CAST(${quoteIdentifier(node.column)} AS VARCHAR)`;
      // Bytes bound characters from above, so max(strlen) proves a maximum; a minimum needs characters.
      const conditions = [
        node.maxLength !== undefined ? `max(strlen(${c})) <= ${param(node.maxLength, 'BIGINT')}` : undefined,
        node.minLength !== undefined ? `min(length(${c})) >= ${param(node.minLength, 'BIGINT')}` : undefined,
      ].filter((x) => x !== undefined);
      return `CASE WHEN ${conditions.join(' AND ')} THEN 0 END`;
    }
    case 'duplicateValues': {
      const column = node.columns[0] as string;
      const c = quoteIdentifier(column);
      const s = ctx.stats?.columns.get(column);
      if (INTEGER.test(typeOf(column)) && s?.min !== undefined && s.max !== undefined) {
        const [low, high] = [s.min, s.max];
        if (Number.isSafeInteger(low) && Number.isSafeInteger(high) && high - low < MAX_BITMAP_RANGE) {
          // Statistics bound every value, so the bitmap covers them all; the bounds must be literals.
          return `count(${c}) - bit_count(bitstring_agg(${c}, ${low}, ${high}))`;
        }
      }
      // A hash-based distinct count slows every other aggregate of the scan it sits in: it runs alone.
      return undefined;
    }
    case 'sql':
      return undefined;
  }
}
