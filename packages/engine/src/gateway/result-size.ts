/** Bytes of rows a gateway answer carries at most unless the server says otherwise: 64 MiB. */
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters JSON writes as \u00XX.
const NEEDS_ESCAPE = /[\u0000-\u001f]/;
const DOUBLED = /["\\]/;

/**
 * About how many bytes a value takes once written as JSON or CSV (the larger of the two), measured on the
 * JavaScript value while rows are read, so a result is bounded before it is serialized. It errs on the high
 * side: control characters count as six (`\u0000`), quotes and backslashes as two, a byte array as the
 * JSON object it becomes.
 *
 * @example
 * estimateBytes(['ana', 42n, null]) // brackets 2 + "ana" 5 + 42 2 + null 4 + 3 separators = 16
 */
export function estimateBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length * (NEEDS_ESCAPE.test(value) ? 6 : DOUBLED.test(value) ? 2 : 1) + 2;
    case 'number':
    case 'bigint':
      return String(value).length;
    case 'boolean':
      return 5;
    default:
      break;
  }
  if (value instanceof Date) return 26;
  if (value instanceof Uint8Array) return value.length * 8 + 2;
  if (Array.isArray(value)) {
    let bytes = 2;
    for (const item of value) bytes += estimateBytes(item) + 1;
    return bytes;
  }
  if (typeof value === 'object') {
    let bytes = 2;
    for (const [key, item] of Object.entries(value)) bytes += key.length + 4 + estimateBytes(item);
    return bytes;
  }
  return 8;
}
