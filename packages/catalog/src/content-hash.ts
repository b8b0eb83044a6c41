import { createHash } from 'node:crypto';

/**
 * The content hash of a product version: SHA-256 over the descriptor text, the contract texts (in path
 * order) and the docs. Publishing the same version with the same hash is a no-op.
 */
export function contentHashOf(
  descriptor: string,
  contracts: readonly { readonly path: string; readonly text: string }[],
  docs: string | null,
): string {
  const sorted = [...contracts]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((c) => ({ path: c.path, text: c.text }));
  return createHash('sha256')
    .update(JSON.stringify({ descriptor, contracts: sorted, docs }))
    .digest('hex');
}
