import { type Catalog, contentHashOf, publishVersion, upsertDomain } from '@meshwork/catalog';
import { type Diagnostic, isNamedError, type Mesh } from '@meshwork/core';
import { productPayload } from './product-payload.js';

/**
 * Publishes products of a loaded mesh straight into a catalog (no HTTP): domains upserted, each product's
 * current version published with the warnings `meshwork validate` printed for it. Versions refused as
 * conflicts are listed, not thrown. Used by `meshwork up` and by tests that need a published mesh.
 */
export async function publishLocal(
  catalog: Catalog,
  mesh: Mesh,
  addresses: readonly string[],
  warnings: readonly Diagnostic[] = [],
  publishedBy = 'meshwork up',
): Promise<{ published: number; unchanged: number; refused: string[] }> {
  let published = 0;
  let unchanged = 0;
  const refused: string[] = [];
  for (const domain of mesh.domains) {
    const spec = domain.loaded.spec;
    await upsertDomain(catalog.db, {
      name: domain.name,
      description: spec.description,
      isolation: spec.isolation,
      spec: domain.loaded.yaml.value,
    });
  }
  for (const product of mesh.products.filter((p) => addresses.includes(p.address))) {
    const spec = product.loaded.spec;
    const payload = productPayload(product);
    try {
      const outcome = await publishVersion(catalog.db, {
        address: product.address,
        domain: product.domain,
        name: spec.name,
        description: spec.description.purpose,
        status: spec.status,
        version: spec.version,
        contentHash: contentHashOf(payload.descriptor, payload.contracts, payload.docs),
        descriptor: product.loaded.yaml.value,
        contracts: product.contracts.map((c) => c.yaml.value),
        docs: payload.docs,
        // The same warnings `meshwork validate` printed for the product, kept with the version.
        findings: warnings.filter((d) => d.file.startsWith(`${product.dir}/`)),
        publishedBy,
      });
      if (outcome.status === 'published') published++;
      else unchanged++;
    } catch (error) {
      if (!isNamedError(error, 'ConflictError')) throw error;
      refused.push(`${product.address} ${spec.version}: ${error.message}`);
    }
  }
  return { published, unchanged, refused };
}
