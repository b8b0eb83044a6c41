/**
 * A small, deterministic HCL writer: blocks with attributes and nested blocks, rendered the way
 * `terraform fmt` lays them out (two-space indent, `=` aligned across consecutive one-line attributes, a
 * multi-line value or a block breaks the alignment run). Attribute and map keys are sorted, with
 * Terraform's meta-arguments first; blocks keep their order. Same input, same bytes.
 */

/** A Terraform expression written as is: a reference, a function call, a `for` expression. */
export class HclExpression {
  constructor(readonly text: string) {}
}

/** A function call whose one argument is a value rendered by the writer: `jsonencode({ ... })`. */
export class HclCall {
  constructor(
    readonly fn: string,
    readonly arg: HclValue,
  ) {}
}

/** A value an attribute can hold. */
export type HclValue =
  | string
  | number
  | boolean
  | HclExpression
  | HclCall
  | readonly HclValue[]
  | { readonly [key: string]: HclValue };

/** A block: `type "label" "label" { attributes... blocks... }`. */
export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly attributes: Readonly<Record<string, HclValue>>;
  readonly blocks: readonly HclBlock[];
}

/** An expression written verbatim. @example expr('var.domain') */
export function expr(text: string): HclExpression {
  return new HclExpression(text);
}

/** A call of `fn` with one rendered argument. @example call('jsonencode', { Version: '2012-10-17' }) */
export function call(fn: string, arg: HclValue): HclCall {
  return new HclCall(fn, arg);
}

/** Builds a block. @example block('resource', ['aws_s3_bucket', 'data'], { bucket: 'acme-finance' }) */
export function block(
  type: string,
  labels: readonly string[],
  attributes: Record<string, HclValue> = {},
  blocks: readonly HclBlock[] = [],
): HclBlock {
  return { type, labels, attributes, blocks };
}

/** Meta-arguments come first, in this order; every other key is sorted. */
const FIRST = ['source', 'version', 'count', 'for_each', 'provider', 'providers', 'depends_on'];

function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort((a, b) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? FIRST.length : ia) - (ib === -1 ? FIRST.length : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** A file of blocks, separated by one blank line, ending in a newline. */
export function renderHcl(blocks: readonly HclBlock[]): string {
  return `${blocks.map((b) => renderBlock(b, '').join('\n')).join('\n\n')}\n`;
}

/** A file of top-level attributes (a `.tfvars` file). */
export function renderAttributes(attributes: Readonly<Record<string, HclValue>>): string {
  return `${renderBody(attributes, [], '').join('\n')}\n`;
}

function renderBlock(b: HclBlock, indent: string): string[] {
  const head = [b.type, ...b.labels.map(quote)].join(' ');
  const body = renderBody(b.attributes, b.blocks, `${indent}  `);
  if (body.length === 0) return [`${indent}${head} {}`];
  return [`${indent}${head} {`, ...body, `${indent}}`];
}

function renderBody(
  attributes: Readonly<Record<string, HclValue>>,
  blocks: readonly HclBlock[],
  indent: string,
): string[] {
  const lines: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((r) => r.key.length));
    for (const r of run) lines.push(`${indent}${r.key.padEnd(width)} = ${r.value}`);
    run = [];
  };
  for (const key of sortedKeys(attributes)) {
    const rendered = renderValue(attributes[key] as HclValue, indent);
    const name = mapKey(key);
    if (rendered.length === 1) run.push({ key: name, value: rendered[0] as string });
    else {
      flush();
      lines.push(`${indent}${name} = ${rendered[0]}`, ...rendered.slice(1));
    }
  }
  flush();
  for (const b of blocks) {
    if (lines.length > 0) lines.push('');
    lines.push(...renderBlock(b, indent));
  }
  return lines;
}

/** A value as lines; the first line continues the `key = ` it follows, later lines are fully indented. */
function renderValue(value: HclValue, indent: string): string[] {
  if (typeof value === 'string') return [quote(value)];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value instanceof HclExpression) return [value.text];
  if (value instanceof HclCall) {
    const inner = renderValue(value.arg, indent);
    return inner.length === 1
      ? [`${value.fn}(${inner[0]})`]
      : [`${value.fn}(${inner[0]}`, ...inner.slice(1, -1), `${inner[inner.length - 1]})`];
  }
  if (Array.isArray(value)) {
    const items = value as readonly HclValue[];
    if (items.length === 0) return ['[]'];
    const rendered = items.map((v) => renderValue(v, `${indent}  `));
    if (rendered.every((r) => r.length === 1) && items.every((v) => !isMap(v))) {
      return [`[${rendered.map((r) => r[0]).join(', ')}]`];
    }
    // One item per line, each ending with a comma, as `terraform fmt` leaves a multi-line list.
    const out: string[] = ['['];
    for (const r of rendered) {
      if (r.length === 1) out.push(`${indent}  ${r[0]},`);
      else out.push(`${indent}  ${r[0]}`, ...r.slice(1, -1), `${r[r.length - 1]},`);
    }
    out.push(`${indent}]`);
    return out;
  }
  const record = value as Readonly<Record<string, HclValue>>;
  if (Object.keys(record).length === 0) return ['{}'];
  return ['{', ...renderBody(record, [], `${indent}  `), `${indent}}`];
}

function isMap(value: HclValue): boolean {
  return (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof HclExpression) &&
    !(value instanceof HclCall)
  );
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function mapKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A quoted HCL string: quotes, backslashes, control characters and template openers escaped. */
export function quote(text: string): string {
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t')
    .replaceAll('${', () => '$${')
    .replaceAll('%{', '%%{');
  return `"${escaped}"`;
}
