import { type SqlNode, visitNodes } from './sql-tree.js';

/**
 * Which output columns of a gateway query may hold masked data, from the query's parse tree, erring
 * towards "masked": an output is unmasked only when its expression provably reads no masked column.
 *
 * Lineage is followed by name through the whole query (an alias given to an expression that reads a masked
 * column is itself masked, in every scope, until nothing changes) and by position at the top level, so
 * `SELECT email, email`, `SELECT email AS contact`, `upper(email)`, `count(email)`, a row `c` of a
 * product, and `* REPLACE (email AS id)` are all masked. Where the top level cannot be followed by
 * position (PIVOT/UNPIVOT, UNION BY NAME, a set operation over `*`, several `*`), every output is masked
 * when the query reads a masked column at all.
 *
 * @param masked names of the masked columns of the products the query reads
 * @param names the output columns, in order, as DuckDB named them (duplicates suffixed `_1`, `_2`…)
 */
export function maskedOutputs(
  tree: SqlNode | undefined,
  names: readonly string[],
  masked: ReadonlySet<string>,
): boolean[] {
  if (masked.size === 0) return names.map(() => false);
  if (!tree) return names.map(() => true);
  const lineage = new Lineage(tree, masked);
  if (!lineage.reads(tree)) return names.map(() => false);
  const slots = lineage.opaque ? undefined : lineage.positions(tree, names.length);
  if (!slots) return names.map(() => true);
  return slots.map((slot, i) => (slot === 'star' ? lineage.byName(names[i] ?? '') : slot));
}

/** A top-level output: tainted or not, or expanded from a bare `*` (then decided by its name). */
type Slot = boolean | 'star';

/** What an expression refers to: every part of its column references, its bare names, any `*` or `#n`. */
interface References {
  readonly parts: ReadonlySet<string>;
  readonly bare: ReadonlySet<string>;
  readonly star: boolean;
}

class Lineage {
  /** Lower-cased names that carry masked data somewhere in the query. */
  private readonly tainted = new Set<string>();
  /** Names of relations (tables, aliases, CTEs): one referenced as a value is a whole row. */
  private readonly relations = new Set<string>();
  private readonly cache = new WeakMap<object, References>();
  /** An inner select list has an unnamed expression that reads masked data: its generated name is unknown. */
  private unnamedTaint = false;
  /** The query has PIVOT/UNPIVOT or a set operation BY NAME: outputs cannot be followed by position. */
  readonly opaque: boolean;

  constructor(
    private readonly tree: SqlNode,
    masked: ReadonlySet<string>,
  ) {
    for (const name of masked) this.tainted.add(lower(name));
    let opaque = false;
    visitNodes(tree, (n) => {
      for (const key of ['alias', 'table_name']) {
        if (n.class === undefined && typeof n[key] === 'string' && n[key] !== '') this.relations.add(lower(n[key]));
      }
      for (const entry of (n.cte_map as { map?: { key: string }[] } | undefined)?.map ?? []) {
        this.relations.add(lower(entry.key));
      }
      if (n.type === 'PIVOT' || (typeof n.setop_type === 'string' && n.setop_type.includes('BY_NAME'))) opaque = true;
    });
    this.opaque = opaque;
    this.fixpoint();
  }

  /** True when an output named `name`, expanded from a bare `*`, may hold masked data. */
  byName(name: string): boolean {
    const n = lower(name);
    return this.unnamedTaint || this.tainted.has(n) || this.tainted.has(n.replace(/_\d+$/, ''));
  }

  /** The taint of each top-level output by position, or undefined when positions cannot be followed. */
  positions(node: SqlNode, count: number): Slot[] | undefined {
    if (node.type === 'SET_OPERATION_NODE') {
      const sides = (Array.isArray(node.children) ? node.children : [node.left, node.right]) as SqlNode[];
      const each = sides.map((side) => this.positions(side, count));
      if (each.some((s) => !s || s.includes('star'))) return undefined;
      return each.reduce<Slot[]>((acc, s) => acc.map((t, i) => t || (s?.[i] ?? true)), Array(count).fill(false));
    }
    if (node.type !== 'SELECT_NODE' || !Array.isArray(node.select_list)) return undefined;
    const items = node.select_list as SqlNode[];
    const wide = items.filter(expands);
    if (wide.length > 1 || (wide.length === 0 && items.length !== count)) return undefined;
    const width = count - (items.length - 1);
    const slots: Slot[] = [];
    for (const e of items) {
      if (!expands(e)) slots.push(this.reads(e));
      else {
        // A bare `*` keeps the names it expands to; `COLUMNS(*)` in an expression, an aliased `*` or
        // `s.*` over a struct of masked data do not.
        const bare = e.class === 'STAR' && !e.alias && !this.tainted.has(lower(e.relation_name));
        for (let i = 0; i < width; i++) slots.push(bare ? 'star' : this.reads(e));
      }
    }
    return slots.length === count ? slots : undefined;
  }

  /** True when an expression (its whole subtree) may read masked data. */
  reads(node: unknown): boolean {
    const refs = this.references(node);
    if (refs.star) return true;
    for (const part of refs.parts) if (this.tainted.has(part)) return true;
    for (const name of refs.bare) if (this.relations.has(name)) return true;
    return false;
  }

  /** Adds the names that masked values are given anywhere in the query, until nothing changes. */
  private fixpoint(): void {
    for (let changed = true; changed; ) {
      changed = false;
      const add = (name: unknown) => {
        if (typeof name !== 'string' || name === '' || this.tainted.has(lower(name))) return;
        this.tainted.add(lower(name));
        changed = true;
      };
      visitNodes(this.tree, (n) => {
        if (n.class !== undefined && typeof n.alias === 'string' && n.alias !== '' && this.reads(n)) add(n.alias);
        for (const entry of (n.replace_list as { key: string; value: unknown }[] | undefined) ?? []) {
          if (this.reads(entry.value)) add(entry.key);
        }
        for (const entry of (n.rename_list as { key: { column?: string }; value: string }[] | undefined) ?? []) {
          if (this.tainted.has(lower(entry.key.column))) add(entry.value);
        }
        // Column lists rename by position: every name in one over a product, or over masked data, is masked.
        for (const list of [n.aliases, n.column_name_alias]) {
          if (Array.isArray(list) && list.length > 0 && (n.type === 'BASE_TABLE' || this.reads(n))) list.forEach(add);
        }
        if (n !== this.tree && n.type === 'SELECT_NODE' && Array.isArray(n.select_list)) {
          for (const e of n.select_list as SqlNode[]) {
            if (e.alias || !this.reads(e)) continue;
            if (e.class === 'COLUMN_REF') add((e.column_names as string[]).at(-1));
            else if (e.class !== 'STAR') this.unnamedTaint = true;
          }
        }
        return true;
      });
    }
  }

  /** The references under a node, computed once per node. */
  private references(node: unknown): References {
    if (!node || typeof node !== 'object') return { parts: new Set(), bare: new Set(), star: false };
    const cached = this.cache.get(node);
    if (cached) return cached;
    const parts = new Set<string>();
    const bare = new Set<string>();
    let star = false;
    visitNodes(node, (n) => {
      if (n.class === 'STAR' || n.class === 'POSITIONAL_REFERENCE') star = true;
      else if (n.class === 'COLUMN_REF' && Array.isArray(n.column_names)) {
        for (const part of n.column_names) parts.add(lower(part));
        if (n.column_names.length === 1) bare.add(lower(n.column_names[0]));
      }
      return true;
    });
    const refs = { parts, bare, star };
    this.cache.set(node, refs);
    return refs;
  }
}

/** A `*`, or an `unnest`/`unpack` of a struct, may expand to several outputs. */
function expands(e: SqlNode): boolean {
  if (e.class === 'STAR') return true;
  return e.class === 'FUNCTION' && ['unnest', 'unpack'].includes(lower(e.function_name));
}

function lower(value: unknown): string {
  return String(value ?? '').toLowerCase();
}
