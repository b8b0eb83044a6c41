/**
 * Quotes an identifier for DuckDB. The one place identifiers enter SQL text: user text is never
 * concatenated into SQL any other way.
 *
 * @example
 * quoteIdentifier('order"s') // "order""s"
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for the few statements that cannot take parameters (ATTACH, COPY, SET). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A dotted, quoted reference: `"a"."b"."c"`. */
export function qualified(...parts: string[]): string {
  return parts.map(quoteIdentifier).join('.');
}
