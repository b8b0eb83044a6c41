import type { Mesh, Product } from '@meshwork/core';

/** One input port that reads another product of the mesh. */
export interface ProductRead {
  readonly reader: Product;
  /** Index of the input port in the reader's `inputPorts`. */
  readonly port: number;
  /** The upstream output port named by the input port, if any. */
  readonly portName: string | undefined;
  readonly upstream: Product;
}

/**
 * Every `product:` input port of the mesh whose upstream product loaded, in product order. Ports naming a
 * product that did not load are left out: validation reports them.
 */
export function productReads(mesh: Mesh): ProductRead[] {
  const byAddress = new Map(mesh.products.map((p) => [p.address, p]));
  const reads: ProductRead[] = [];
  for (const reader of mesh.products) {
    for (const [port, input] of (reader.loaded.spec.inputPorts ?? []).entries()) {
      const upstream = input.product === undefined ? undefined : byAddress.get(input.product);
      if (upstream) reads.push({ reader, port, portName: input.port, upstream });
    }
  }
  return reads;
}

/** The reads that cross a domain boundary, grouped by reading domain, then by upstream domain. */
export function domainReads(reads: readonly ProductRead[]): Map<string, Map<string, ProductRead[]>> {
  const graph = new Map<string, Map<string, ProductRead[]>>();
  for (const read of reads) {
    if (read.reader.domain === read.upstream.domain) continue;
    const from = graph.get(read.reader.domain) ?? new Map<string, ProductRead[]>();
    graph.set(read.reader.domain, from);
    from.set(read.upstream.domain, [...(from.get(read.upstream.domain) ?? []), read]);
  }
  return graph;
}
