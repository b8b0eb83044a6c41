import { constantNumber, type SqlNode, visitNodes } from './sql-tree.js';

/** Characters or elements one value built by a size-taking function may be asked for in the SQL text. */
export const MAX_VALUE_SIZE = 10_000_000;

/**
 * Scalar functions whose result grows with their arguments, and the size they are asked for (undefined
 * when it depends on data). Their results are allocated outside DuckDB's buffer manager, so its memory
 * limit does not hold for them and an interrupt does not stop one call: a literal size is refused here, and
 * a computed one is bounded by the query process's memory and time watchdog (gateway-workers.ts).
 */
const SIZES: Record<string, (args: readonly unknown[]) => number | undefined> = {
  repeat: ([value, count]) => times(sizeOf(value), constantNumber(count)),
  lpad: ([, length]) => constantNumber(length),
  rpad: ([, length]) => constantNumber(length),
  list_resize: ([, length]) => constantNumber(length),
  array_resize: ([, length]) => constantNumber(length),
  to_base: ([, , length]) => constantNumber(length),
  range: (args) => seriesLength(args, 0),
  generate_series: (args) => seriesLength(args, 1),
  printf: ([format]) => formatWidth(format),
  format: ([format]) => formatWidth(format),
};

/** A literal size over the bound: the function, the size it asks for, and where it is called. */
export interface OversizedCall {
  readonly name: string;
  readonly size: number;
  readonly offset: number;
}

/**
 * The first call in a parsed SELECT whose size, as written, is over `MAX_VALUE_SIZE`, or undefined.
 * Nested calls multiply: `repeat(repeat('x', 10000), 10000)` asks for 100,000,000 characters.
 *
 * @example
 * oversizedCall(tree("SELECT repeat('x', 2000000000)")) // { name: 'repeat', size: 2000000000, offset: 7 }
 */
export function oversizedCall(tree: SqlNode): OversizedCall | undefined {
  let found: OversizedCall | undefined;
  const visit = (node: SqlNode): boolean => {
    if (found) return false;
    if (node.type === 'TABLE_FUNCTION') {
      // `FROM range(n)` streams its rows in chunks (an interrupt stops it): only its arguments build values.
      visitNodes((node.function as SqlNode | undefined)?.children, visit);
      return false;
    }
    if (node.class !== 'FUNCTION' || typeof node.function_name !== 'string') return true;
    const size = sizeOf(node);
    if (size > MAX_VALUE_SIZE) {
      found = { name: node.function_name.toLowerCase(), size, offset: Number(node.query_location ?? 0) };
      return false;
    }
    return true;
  };
  visitNodes(tree, visit);
  return found;
}

/** The size of the value an expression builds, as far as its text tells: 1 when unknown. */
function sizeOf(node: unknown): number {
  if (!node || typeof node !== 'object') return 1;
  const n = node as SqlNode;
  if (n.class === 'CONSTANT') {
    const value = (n.value as { value?: unknown } | undefined)?.value;
    return typeof value === 'string' ? Math.max(1, value.length) : 1;
  }
  if (n.class === 'CAST') return sizeOf(n.child);
  const size = typeof n.function_name === 'string' ? SIZES[n.function_name.toLowerCase()] : undefined;
  if (!size) return 1;
  return Math.max(1, size(Array.isArray(n.children) ? n.children : []) ?? 1);
}

function times(a: number, b: number | undefined): number | undefined {
  return b === undefined ? undefined : a * b;
}

/** Elements of `range(stop)`, `range(start, stop[, step])` (inclusive of stop for generate_series). */
function seriesLength(args: readonly unknown[], inclusive: 0 | 1): number | undefined {
  const [a, b, c] = args.map(constantNumber);
  if (args.length === 1) return a;
  if (a === undefined || b === undefined) return undefined;
  const step = args.length > 2 ? c : 1;
  if (step === undefined || step === 0) return undefined;
  return Math.floor((b - a) / step) + inclusive;
}

/** The largest width or precision in a literal printf or fmt format string (`%1000d`, `{:>1000}`). */
function formatWidth(format: unknown): number | undefined {
  const text = (format as { class?: string; value?: { value?: unknown } } | undefined)?.value?.value;
  if ((format as SqlNode | undefined)?.class !== 'CONSTANT' || typeof text !== 'string') return undefined;
  let widest = 0;
  for (const spec of text.match(/%[^a-zA-Z%]*[a-zA-Z%]|\{[^{}]*\}/g) ?? []) {
    for (const digits of spec.match(/\d+/g) ?? []) widest = Math.max(widest, Number(digits));
  }
  return widest;
}
