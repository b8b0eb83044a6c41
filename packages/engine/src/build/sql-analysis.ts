import type { Engine } from '../engine.js';

/** A table a query reads, as written: `schema.table`, `catalog.schema.table` or a bare name. */
export interface RelationReference {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  /** Character offset in the SQL text. */
  readonly offset: number;
}

/** What a SELECT reads, from DuckDB's own parser. */
export type SelectAnalysis =
  | {
      readonly ok: true;
      readonly relations: readonly RelationReference[];
      readonly tableFunctions: readonly { readonly name: string; readonly offset: number }[];
      /** Scalar and aggregate functions called, lower-cased, with their offsets. */
      readonly functions: readonly { readonly name: string; readonly offset: number }[];
      /** The kinds of FROM items used (BASE_TABLE, JOIN, SUBQUERY, SHOW_REF…). */
      readonly tableRefKinds: ReadonlySet<string>;
      readonly cteNames: ReadonlySet<string>;
    }
  | { readonly ok: false; readonly message: string; readonly offset: number | undefined };

/**
 * Parses one SELECT statement with DuckDB itself (`json_serialize_sql`) and lists the relations, table
 * functions and CTEs it uses. Anything but a single SELECT (WITH and set operations included) is refused.
 */
export async function analyzeSelect(engine: Engine, sql: string): Promise<SelectAnalysis> {
  const [row] = await engine.query('SELECT json_serialize_sql(?::VARCHAR)::VARCHAR AS tree', [sql]);
  const tree = JSON.parse(String(row?.tree)) as {
    error: boolean;
    error_message?: string;
    position?: string;
    statements?: unknown[];
  };
  if (tree.error) {
    const message = tree.error_message ?? 'cannot parse the SQL';
    return {
      ok: false,
      message: message.includes('Only SELECT')
        ? 'only a SELECT statement (or WITH ... SELECT) is allowed here'
        : message,
      offset: tree.position === undefined ? undefined : Number(tree.position),
    };
  }
  if ((tree.statements?.length ?? 0) !== 1) {
    return {
      ok: false,
      message: `expected exactly one SELECT statement, found ${tree.statements?.length ?? 0}`,
      offset: undefined,
    };
  }
  const relations: RelationReference[] = [];
  const tableFunctions: { name: string; offset: number }[] = [];
  const functions: { name: string; offset: number }[] = [];
  const tableRefKinds = new Set<string>();
  const cteNames = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    // Table references (FROM items) are the nodes that carry a `sample` clause.
    if ('sample' in n && 'alias' in n && !('select_list' in n) && typeof n.type === 'string') tableRefKinds.add(n.type);
    if (n.class === 'FUNCTION' && typeof n.function_name === 'string') {
      functions.push({ name: n.function_name.toLowerCase(), offset: Number(n.query_location ?? 0) });
    }
    if (n.type === 'BASE_TABLE') {
      relations.push({
        catalog: String(n.catalog_name ?? ''),
        schema: String(n.schema_name ?? ''),
        table: String(n.table_name ?? ''),
        offset: Number(n.query_location ?? 0),
      });
    } else if (n.type === 'TABLE_FUNCTION') {
      const fn = n.function as Record<string, unknown> | undefined;
      tableFunctions.push({ name: String(fn?.function_name ?? ''), offset: Number(n.query_location ?? 0) });
    }
    const cteMap = n.cte_map as { map?: { key: string }[] } | undefined;
    for (const entry of cteMap?.map ?? []) cteNames.add(entry.key);
    for (const value of Object.values(n)) walk(value);
  };
  walk(tree.statements);
  return { ok: true, relations, tableFunctions, functions, tableRefKinds, cteNames };
}

/** 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
