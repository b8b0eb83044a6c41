import { isMap, isSeq, parseDocument } from 'yaml';
import type { IsolationPattern } from './mesh-schemas.js';

/**
 * Rewrites a domain.yaml for a new isolation pattern, keeping its comments and layout: sets `isolation`
 * and adds the shares an account-per-domain domain needs so existing consumers keep working (an existing
 * share of the same product gains the missing domains).
 */
export function editDomainFile(
  text: string,
  isolation: IsolationPattern,
  shares: readonly { readonly product: string; readonly with: readonly string[] }[] = [],
): string {
  const doc = parseDocument(text);
  doc.set('isolation', isolation);
  if (shares.length > 0) {
    let list = doc.get('shares');
    if (!isSeq(list)) {
      doc.set('shares', doc.createNode([]));
      list = doc.get('shares');
    }
    if (!isSeq(list)) throw new Error('shares is not a list');
    for (const share of shares) {
      const existing = list.items.find((item) => isMap(item) && item.get('product') === share.product);
      if (isMap(existing)) {
        const current = existing.get('with');
        const names = isSeq(current) ? current.items.map((i) => String((i as { value?: unknown }).value ?? i)) : [];
        const merged = [...new Set([...names, ...share.with])];
        const node = doc.createNode(merged);
        node.flow = true;
        existing.set('with', node);
      } else {
        const node = doc.createNode({ product: share.product, with: [...share.with] });
        const withNode = node.get('with', true);
        if (isSeq(withNode)) withNode.flow = true;
        list.items.push(node);
      }
    }
  }
  return doc.toString({ flowCollectionPadding: false });
}
