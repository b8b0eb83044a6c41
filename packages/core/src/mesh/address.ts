/** A parsed product address: `domain.product`, optionally `.table`. */
export interface ProductAddress {
  readonly domain: string;
  readonly product: string;
  readonly table: string | undefined;
}

const PART = '[a-z][a-z0-9_]*';
const ADDRESS = new RegExp(`^(${PART})\\.(${PART})(?:\\.(${PART}))?$`);

/**
 * Parses `domain.product` or `domain.product.table`; undefined when the text is not an address.
 *
 * @example
 * parseAddress('marketing.attribution') // { domain: 'marketing', product: 'attribution', table: undefined }
 */
export function parseAddress(text: string): ProductAddress | undefined {
  const match = ADDRESS.exec(text);
  if (!match) return undefined;
  return { domain: match[1] as string, product: match[2] as string, table: match[3] };
}

/** The address of a product: `domain.product`. */
export function productAddress(domain: string, product: string): string {
  return `${domain}.${product}`;
}
