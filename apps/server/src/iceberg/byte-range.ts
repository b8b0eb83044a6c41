/** The bytes a `Range` header asks for, inclusive, or why it cannot be served. */
export type ByteRange =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

/**
 * Reads a `Range: bytes=...` header against a file of `size` bytes (RFC 9110 §14): `start-end`, `start-`
 * and the suffix `-length`. A header that is absent, of another unit, malformed or with several ranges is
 * ignored (the whole file is sent, as the RFC allows); a range that starts past the end is unsatisfiable.
 *
 * @example
 * byteRange('bytes=-8', 100); // { kind: 'range', start: 92, end: 99 }
 */
export function byteRange(header: string | undefined, size: number): ByteRange {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'all' };
  const [, from = '', to = ''] = match;
  if (from === '') {
    const length = Number(to);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (to !== '' && Number(to) < start) return { kind: 'all' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}
