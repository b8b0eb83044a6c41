import type { Engine } from '../engine.js';

/** A table a query reads, as written: `schema.table`, `catalog.schema.table` or a bare name. */
export interface RelationReference {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  /**
   * True when the reference is a bare name that DuckDB binds to a CTE visible where it is written: a CTE
   * of an enclosing WITH, an earlier CTE of the same WITH, or a recursive CTE inside its recursive part.
   * A CTE defined in a subquery is not visible beside it, and a CTE body does not see itself or later CTEs
   * (DuckDB binds those names to real relations, so they must be checked as such).
   */
  readonly cte: boolean;
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
  // Names are matched as DuckDB binds them: case-insensitively.
  const walk = (node: unknown, scope: ReadonlySet<string>): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, scope);
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
      const catalog = String(n.catalog_name ?? '');
      const schema = String(n.schema_name ?? '');
      const table = String(n.table_name ?? '');
      relations.push({
        catalog,
        schema,
        table,
        cte: catalog === '' && schema === '' && scope.has(table.toLowerCase()),
        offset: Number(n.query_location ?? 0),
      });
    } else if (n.type === 'TABLE_FUNCTION') {
      const fn = n.function as Record<string, unknown> | undefined;
      tableFunctions.push({ name: String(fn?.function_name ?? ''), offset: Number(n.query_location ?? 0) });
    }
    let inner = scope;
    const cteMap = n.cte_map as { map?: { key: string; value?: unknown }[] } | undefined;
    if (cteMap?.map?.length) {
      // Each CTE body sees the enclosing scope and the CTEs before it; the query body sees them all.
      const growing = new Set(scope);
      for (const entry of cteMap.map) {
        walk(entry.value, growing);
        growing.add(entry.key.toLowerCase());
      }
      inner = growing;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === 'cte_map') continue;
      // A recursive CTE's name is visible in its recursive part only, not in its anchor.
      if (n.type === 'RECURSIVE_CTE_NODE' && key === 'right' && typeof n.cte_name === 'string') {
        walk(value, new Set([...inner, n.cte_name.toLowerCase()]));
      } else walk(value, inner);
    }
  };
  walk(tree.statements, new Set());
  return { ok: true, relations, tableFunctions, functions, tableRefKinds };
}

/** 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
