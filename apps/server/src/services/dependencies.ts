import type { MeshGraph } from '@meshwork/api';
import { type Catalog, latestVersionContent, type ProductRow, type User } from '@meshwork/catalog';
import { allProducts, productContent } from './products.js';
import type { ServiceDeps } from './service-deps.js';

type Json = Record<string, unknown>;

/** What a product reads through the input ports of its latest published version. */
interface ProductReads {
  readonly row: ProductRow;
  /** False for a product never published: it reads nothing yet. */
  readonly published: boolean;
  /** The products read, each with the name of the port that reads it, in port order. */
  readonly products: readonly { readonly address: string; readonly port: string }[];
  /** External sources, as `port: path`. */
  readonly sources: readonly string[];
}

/** The upstream products a descriptor reads through its input ports, and its external sources. */
export function inputsOf(descriptor: Json): { products: { address: string; port: string }[]; sources: string[] } {
  const ports = Array.isArray(descriptor.inputPorts)
    ? descriptor.inputPorts.filter((p): p is Json => typeof p === 'object' && p !== null)
    : [];
  const name = (p: Json) => (typeof p.name === 'string' ? p.name : undefined);
  return {
    products: ports.flatMap((p) =>
      typeof p.product === 'string' ? [{ address: p.product, port: name(p) ?? String(p.name) }] : [],
    ),
    sources: ports.flatMap((p) => {
      const source = p.source as Json | undefined;
      return source && typeof source.path === 'string' ? [`${name(p) ?? 'source'}: ${source.path}`] : [];
    }),
  };
}

/** What every product of the catalog reads, in address order. */
async function readsOfAll(catalog: Catalog): Promise<ProductReads[]> {
  const out: ProductReads[] = [];
  for (const row of await allProducts(catalog)) {
    const content = await latestVersionContent(catalog.db, row.address);
    const descriptor = content?.descriptor;
    const inputs =
      typeof descriptor === 'object' && descriptor !== null
        ? inputsOf(descriptor as Json)
        : { products: [], sources: [] };
    out.push({ row, published: content !== undefined && content !== null, ...inputs });
  }
  return out;
}

/**
 * The products of the catalog and the dependencies between them, from the input ports of each product's
 * latest published version: what the dependency map shows.
 */
export async function productGraph(deps: Pick<ServiceDeps, 'catalog'>, _user: User): Promise<MeshGraph> {
  const reads = await readsOfAll(deps.catalog);
  return {
    nodes: reads.map(({ row }) => ({ address: row.address, domain: row.domain, name: row.name, status: row.status })),
    edges: reads.flatMap(({ row, products }) =>
      products.map((p) => ({ from: p.address, to: row.address, port: p.port })),
    ),
  };
}

/** A product found walking the graph, and how many hops away. */
export interface LineageHop {
  readonly address: string;
  readonly depth: number;
}

/** Upstream and downstream products of a product within some hops, and its external sources. */
export interface ProductLineage {
  readonly address: string;
  readonly depth: number;
  readonly upstream: LineageHop[];
  readonly downstream: LineageHop[];
  readonly sources: string[];
}

/**
 * The products a product reads (upstream) and that read it (downstream), `depth` hops each way, from the
 * latest published descriptors, breadth first. NotFoundError when the product is unknown or unpublished.
 */
export async function productLineage(
  deps: Pick<ServiceDeps, 'catalog'>,
  user: User,
  input: { readonly address: string; readonly depth: number },
): Promise<ProductLineage> {
  const { address, depth } = input;
  await productContent(deps, user, { address });
  const reads = new Map(
    (await readsOfAll(deps.catalog))
      .filter((r) => r.published)
      .map((r) => [r.row.address, { products: r.products.map((p) => p.address), sources: r.sources }]),
  );
  const walk = (next: (a: string) => string[]) => {
    const found: LineageHop[] = [];
    const seen = new Set([address]);
    let frontier = [address];
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      frontier = frontier.flatMap(next).filter((a) => !seen.has(a) && seen.add(a));
      found.push(...frontier.map((a) => ({ address: a, depth: d })));
    }
    return found;
  };
  const upstream = walk((a) => reads.get(a)?.products ?? []);
  const downstream = walk((a) => [...reads].filter(([, r]) => r.products.includes(a)).map(([b]) => b));
  return { address, depth, upstream, downstream, sources: [...(reads.get(address)?.sources ?? [])] };
}
