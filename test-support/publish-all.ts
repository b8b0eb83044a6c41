import { type Catalog, contentHashOf, publishVersion, upsertDomain } from '@meshwork/catalog';
import type { Mesh, Product } from '@meshwork/core';
import { loadExampleMesh, productTexts } from './example-mesh.js';

/** What {@link publishAll} may change about the example mesh as it publishes it. */
export interface PublishAllOptions {
  /** The mesh to publish (default: the example mesh, loaded from examples/acme). */
  readonly mesh?: Mesh;
  /** Only these products (addresses); default every product of the mesh. */
  readonly only?: readonly string[];
  /** A status other than the descriptor's, by address (e.g. `{ 'marketing.web_sessions': 'retired' }`). */
  readonly status?: Readonly<Record<string, string>>;
  /** Changes the contracts of a product before they are stored (they arrive as parsed YAML values). */
  readonly contracts?: (product: Product, contracts: Record<string, unknown>[]) => Record<string, unknown>[];
  /** The `publishedBy` of every version (default `test`). */
  readonly publishedBy?: string;
}

/**
 * Publishes the example mesh to `catalog` without HTTP, as `meshwork up` does: every domain upserted, every
 * product's current version published with its descriptor, contracts and README. Returns the mesh.
 *
 * @example
 * const catalog = await openCatalog();
 * await publishAll(catalog, { status: { 'marketing.web_sessions': 'retired' } });
 */
export async function publishAll(catalog: Catalog, options: PublishAllOptions = {}): Promise<Mesh> {
  const mesh = options.mesh ?? loadExampleMesh().mesh;
  for (const domain of mesh.domains) {
    const spec = domain.loaded.spec;
    await upsertDomain(catalog.db, {
      name: domain.name,
      description: spec.description,
      isolation: spec.isolation,
      spec: domain.loaded.yaml.value,
    });
  }
  for (const product of mesh.products) {
    if (options.only && !options.only.includes(product.address)) continue;
    const spec = product.loaded.spec;
    const payload = productTexts(product);
    const contracts = product.contracts.map((c) => c.yaml.value as Record<string, unknown>);
    await publishVersion(catalog.db, {
      address: product.address,
      domain: product.domain,
      name: spec.name,
      description: spec.description.purpose,
      status: options.status?.[product.address] ?? spec.status,
      version: spec.version,
      contentHash: contentHashOf(payload.descriptor, payload.contracts, payload.docs),
      descriptor: product.loaded.yaml.value,
      contracts: options.contracts ? options.contracts(product, contracts) : contracts,
      docs: payload.docs,
      publishedBy: options.publishedBy ?? 'test',
    });
  }
  return mesh;
}
