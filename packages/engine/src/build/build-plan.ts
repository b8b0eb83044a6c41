import type { Mesh, Product } from '@meshwork/core';

/** Which products a build covers. */
export interface BuildSelection {
  /** Only products of this domain (and what they read). */
  readonly domain?: string;
  /** Only this product address (and what it reads). */
  readonly product?: string;
}

/**
 * The products to build, upstream first: the selected products plus everything they read, transitively,
 * so a product is never built from a stale input. The mesh has no cycles (validation refuses them).
 */
export function planBuild(mesh: Mesh, selection: BuildSelection = {}): Product[] {
  const byAddress = new Map(mesh.products.map((p) => [p.address, p]));
  const selected = mesh.products.filter(
    (p) =>
      (selection.domain === undefined || p.domain === selection.domain) &&
      (selection.product === undefined || p.address === selection.product),
  );
  const ordered: Product[] = [];
  const seen = new Set<string>();
  const visit = (product: Product) => {
    if (seen.has(product.address)) return;
    seen.add(product.address);
    for (const address of upstreamOf(product)) {
      const upstream = byAddress.get(address);
      if (upstream) visit(upstream);
    }
    ordered.push(product);
  };
  for (const product of [...selected].sort((a, b) => a.address.localeCompare(b.address))) visit(product);
  return ordered;
}

/** Addresses of the products a product reads through its input ports. */
export function upstreamOf(product: Product): string[] {
  return (product.loaded.spec.inputPorts ?? []).flatMap((p) => (p.product ? [p.product] : []));
}
