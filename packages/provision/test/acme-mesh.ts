import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMesh, type Mesh } from '@meshwork/core';

/** The example mesh's folder. */
export const ACME = join(import.meta.dirname, '..', '..', '..', 'examples', 'acme');

/** The example mesh: meshwork.yaml, every domain.yaml, product.yaml and contract (no governance files). */
export function acmeMesh(): Mesh {
  const read = (path: string) => ({ path, text: readFileSync(join(ACME, path), 'utf8') });
  const { mesh } = loadMesh({
    root: ACME,
    meshFile: read('meshwork.yaml'),
    domains: readdirSync(join(ACME, 'domains')).map((folder) => ({
      folder,
      dir: `domains/${folder}`,
      domainFile: read(`domains/${folder}/domain.yaml`),
      products: readdirSync(join(ACME, 'domains', folder, 'products')).map((product) => {
        const dir = `domains/${folder}/products/${product}`;
        const names = readdirSync(join(ACME, dir));
        return {
          folder: product,
          dir,
          productFile: read(`${dir}/product.yaml`),
          contracts: names.filter((n) => n.endsWith('.odcs.yaml')).map((n) => read(`${dir}/${n}`)),
          files: names.filter((n) => n !== 'product.yaml' && !n.endsWith('.odcs.yaml')),
        };
      }),
    })),
  });
  return mesh;
}
