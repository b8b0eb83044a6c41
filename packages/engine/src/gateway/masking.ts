import { quoteIdentifier, quoteLiteral } from '../duckdb/duckdb-dialect.js';

/** How a classified value is shown to a consumer without clearance (the taxonomy's `masking`). */
export type MaskingMethod = 'none' | 'redact' | 'hash' | 'null' | 'partial';

const TEXT = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)/i;

/**
 * The SQL expression a masked column is replaced with, inside the view a consumer reads. Masking happens
 * in the view, before the consumer's SQL sees a row, so no join, aggregate, cast error or string function
 * can reach the raw value. Hashing is salted with a secret of the gateway (pseudonyms stay joinable within
 * a server's life, and cannot be reversed with a dictionary of likely values without the salt).
 */
export function maskedColumn(name: string, type: string, method: MaskingMethod, salt: string): string {
  const column = quoteIdentifier(name);
  const typedNull = `CAST(NULL AS ${type})`;
  switch (method) {
    case 'none':
      return column;
    case 'null':
      return `${typedNull} AS ${column}`;
    case 'redact':
      return TEXT.test(type)
        ? `CASE WHEN ${column} IS NULL THEN NULL ELSE '[redacted]' END AS ${column}`
        : `${typedNull} AS ${column}`;
    case 'hash':
      return `CASE WHEN ${column} IS NULL THEN NULL ELSE 'h:' || left(sha256(${quoteLiteral(salt)} || CAST(${column} AS VARCHAR)), 16) END AS ${column}`;
    case 'partial':
      // The first character, and an e-mail's domain: enough to recognise, not to identify.
      return TEXT.test(type)
        ? `CASE WHEN ${column} IS NULL THEN NULL ELSE left(${column}, 1) || '***' || CASE WHEN contains(${column}, '@') THEN '@' || split_part(${column}, '@', -1) ELSE '' END END AS ${column}`
        : `${typedNull} AS ${column}`;
  }
}
