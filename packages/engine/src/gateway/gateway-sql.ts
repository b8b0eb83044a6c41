import { didYouMean } from '@meshwork/core';
import { analyzeSelect } from '../build/sql-analysis.js';
import type { Engine } from '../engine.js';
import { selectTree } from './sql-tree.js';
import { MAX_VALUE_SIZE, oversizedCall } from './value-sizes.js';

/** Longest SQL text the gateway parses. */
export const MAX_SQL_LENGTH = 100_000;
/** Deepest nesting of parentheses the gateway parses (deeper input could exhaust the parser's stack). */
export const MAX_SQL_NESTING = 100;

/** FROM items a gateway query may use. Anything else (SHOW/DESCRIBE, …) is refused. */
const ALLOWED_FROM = new Set(['BASE_TABLE', 'JOIN', 'SUBQUERY', 'EMPTY', 'EXPRESSION_LIST', 'TABLE_FUNCTION', 'PIVOT']);
/** Table functions that compute rather than read. */
const PURE_TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);
/**
 * Functions that read the environment, settings, files or other databases, or run SQL text. They are
 * refused before anything runs; the locked, external-access-free instance is the second line.
 */
const REFUSED_FUNCTIONS =
  /^(getenv|current_setting|getvariable|which_secret|current_query|json_execute_serialized_sql|json_serialize_sql|json_deserialize_sql|json_serialize_plan|sql_auto_complete|query|query_table|read_|glob|parquet_|duckdb_|pg_|pragma_|icu_|load|install|checkpoint|force_checkpoint|enable_|disable_|set_|export_|import_|copy_)/;

/** A gateway query that may run: the product addresses it reads. */
export interface CheckedQuery {
  readonly ok: true;
  readonly products: readonly string[];
}

/** Why a query may not run, for a 400: one sentence, and where in the SQL when known. */
export interface RefusedQuery {
  readonly ok: false;
  readonly message: string;
  /** 0-based character offset in the SQL. */
  readonly offset: number | undefined;
}

/**
 * Checks a consumer's SQL before it runs: one read-only SELECT (WITH and set operations included), parsed
 * by DuckDB itself; every relation a product address `domain.product` of `products` (or a CTE of the query);
 * no table function but pure generators; no function that reads the environment, settings or files; no
 * function asked, in the text, to build a value larger than `MAX_VALUE_SIZE`.
 */
export async function checkGatewaySql(
  parser: Engine,
  sql: string,
  products: ReadonlySet<string>,
): Promise<CheckedQuery | RefusedQuery> {
  const refuse = (message: string, offset?: number): RefusedQuery => ({
    ok: false,
    message,
    offset: offset !== undefined && offset >= 0 && offset < sql.length ? offset : undefined,
  });
  if (sql.trim().length === 0) return refuse('the query is empty; send one SELECT statement');
  if (sql.length > MAX_SQL_LENGTH) {
    return refuse(`the query is ${sql.length} characters long; the gateway accepts at most ${MAX_SQL_LENGTH}`);
  }
  const depth = nestingDepth(sql);
  if (depth > MAX_SQL_NESTING) {
    return refuse(`the query nests parentheses ${depth} deep; the gateway accepts at most ${MAX_SQL_NESTING}`);
  }
  const analysis = await analyzeSelect(parser, sql);
  if (!analysis.ok) {
    const readOnly = /only a SELECT/.test(analysis.message);
    return refuse(
      readOnly
        ? 'only read queries are allowed: one SELECT (WITH … SELECT, UNION, INTERSECT, EXCEPT); statements such as ATTACH, COPY, EXPORT, PRAGMA, SET, INSTALL, LOAD, CREATE, INSERT, UPDATE and DELETE are refused'
        : `the query does not parse: ${analysis.message}`,
      analysis.offset,
    );
  }
  for (const kind of analysis.tableRefKinds) {
    if (!ALLOWED_FROM.has(kind)) {
      return refuse(
        kind === 'SHOW_REF'
          ? 'DESCRIBE, SHOW and SUMMARIZE are not available through the gateway; select from a product instead'
          : `${kind.toLowerCase().replace(/_/g, ' ')} is not allowed in a gateway query`,
      );
    }
  }
  for (const fn of analysis.tableFunctions) {
    if (!PURE_TABLE_FUNCTIONS.has(fn.name.toLowerCase())) {
      return refuse(
        `table function ${fn.name}() is not allowed: the gateway reads data products only, by address (domain.product)`,
        fn.offset,
      );
    }
  }
  for (const fn of analysis.functions) {
    if (REFUSED_FUNCTIONS.test(fn.name)) {
      return refuse(`function ${fn.name}() is not allowed in a gateway query`, fn.offset);
    }
  }
  const tree = await selectTree(parser, sql);
  const oversized = tree && oversizedCall(tree);
  if (oversized) {
    const size = Number.isFinite(oversized.size) ? String(oversized.size) : 'an unbounded number of';
    return refuse(
      `${oversized.name}() is asked for ${size} characters or elements; a gateway query builds at most ${MAX_VALUE_SIZE} in one value: build smaller values or aggregate in SQL`,
      oversized.offset,
    );
  }
  const read = new Set<string>();
  for (const relation of analysis.relations) {
    const name = [relation.catalog, relation.schema, relation.table].filter((p) => p !== '').join('.');
    if (relation.cte) continue;
    const address = `${relation.schema}.${relation.table}`;
    if (relation.catalog !== '' || relation.schema === '' || !products.has(address)) {
      const suggestion = didYouMean(relation.schema === '' ? relation.table : address, products);
      return refuse(
        `${name} is not a data product: a gateway query reads products by their address, domain.product${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        relation.offset,
      );
    }
    read.add(address);
  }
  return { ok: true, products: [...read].sort() };
}

/** The deepest parenthesis nesting outside string literals and quoted identifiers. */
function nestingDepth(sql: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') max = Math.max(max, ++depth);
    else if (ch === ')') depth--;
  }
  return max;
}
