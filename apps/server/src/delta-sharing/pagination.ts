import { SharingError } from './sharing-error.js';

/** Largest page of a listing; a larger maxResults is served as this. */
export const MAX_PAGE = 1000;

/**
 * One page of a listing as the protocol has it: `maxResults` items (default and cap {@link MAX_PAGE}) from
 * `pageToken` (an opaque offset), with `nextPageToken` when more follow.
 */
export function page<T>(
  all: readonly T[],
  maxResults: number | undefined,
  pageToken: string | undefined,
): { items: T[]; nextPageToken?: string } {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 0)) {
    throw new SharingError(400, 'INVALID_PARAMETER_VALUE', 'maxResults must be a non-negative integer');
  }
  let start = 0;
  if (pageToken) {
    const decoded = Buffer.from(pageToken, 'base64url').toString('utf8');
    const match = /^offset:(\d{1,9})$/.exec(decoded);
    if (!match) throw new SharingError(400, 'INVALID_PARAMETER_VALUE', 'pageToken is not a token this server issued');
    start = Number(match[1]);
  }
  const size = Math.min(maxResults ?? MAX_PAGE, MAX_PAGE);
  const end = start + size;
  const items = all.slice(start, end);
  return end < all.length ? { items, nextPageToken: Buffer.from(`offset:${end}`).toString('base64url') } : { items };
}
