import type { Engine } from '../engine.js';

/** A node of DuckDB's serialized parse tree (`json_serialize_sql`): a plain JSON object. */
export type SqlNode = Record<string, unknown>;

/**
 * The parse tree of one SELECT, from DuckDB's own parser, or undefined when the text is not exactly one
 * SELECT (the gateway's checks say why; callers here only read trees of accepted queries).
 */
export async function selectTree(engine: Engine, sql: string): Promise<SqlNode | undefined> {
  const [row] = await engine.query('SELECT json_serialize_sql(?::VARCHAR)::VARCHAR AS tree', [sql]);
  const tree = JSON.parse(String(row?.tree)) as { error?: boolean; statements?: { node?: SqlNode }[] };
  if (tree.error || tree.statements?.length !== 1) return undefined;
  return tree.statements[0]?.node;
}

/** Calls `visit` on every object under `node`, parents first; a `false` from `visit` skips the children. */
export function visitNodes(node: unknown, visit: (n: SqlNode) => unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) visitNodes(item, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (visit(node as SqlNode) === false) return;
  for (const value of Object.values(node)) visitNodes(value, visit);
}

/** The integer a constant expression stands for (literals, casts of literals, + - * of those), if any. */
export function constantNumber(node: unknown): number | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as SqlNode;
  if (n.class === 'CONSTANT') {
    const value = n.value as { type?: { id?: string; type_info?: { scale?: number } }; value?: unknown };
    if (typeof value?.value !== 'number') {
      // HUGEINT and UHUGEINT literals: far above any size, so only their sign matters.
      const huge = value?.value as { upper?: number } | undefined;
      return typeof huge?.upper === 'number' ? (huge.upper < 0 ? -Infinity : Infinity) : undefined;
    }
    const scale = value.type?.id === 'DECIMAL' ? (value.type.type_info?.scale ?? 0) : 0;
    return value.value / 10 ** scale;
  }
  if (n.class === 'CAST') return constantNumber(n.child);
  if (n.class === 'FUNCTION' && n.is_operator === true && Array.isArray(n.children) && n.children.length === 2) {
    const [a, b] = n.children.map(constantNumber);
    if (a === undefined || b === undefined) return undefined;
    if (n.function_name === '+') return a + b;
    if (n.function_name === '-') return a - b;
    if (n.function_name === '*') return a * b;
  }
  return undefined;
}
