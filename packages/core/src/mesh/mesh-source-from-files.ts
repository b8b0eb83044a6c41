import type { DomainSource, MeshSource, ProductSource } from './mesh-types.js';

/**
 * Builds a MeshSource from a flat map of mesh-relative paths to text, the way the CLI does after reading the
 * disk, for a mesh held in memory (tests, files received rather than read). Only `meshwork.yaml`, each
 * `domains/<d>/domain.yaml` and the files of `domains/<d>/products/<p>/` are read; other paths are ignored.
 * `root` prefixes every path.
 *
 * @example
 * loadMesh(meshSourceFromFiles({
 *   'meshwork.yaml': 'apiVersion: meshwork/v1\nkind: Mesh\nname: test\n',
 *   'domains/a/domain.yaml': domainYaml,
 *   'domains/a/products/p/product.yaml': productYaml,
 *   'domains/a/products/p/p.odcs.yaml': contractYaml,
 * }));
 */
export function meshSourceFromFiles(files: Record<string, string>, root = '.'): MeshSource {
  const at = (path: string) => (root === '.' ? path : `${root}/${path}`);
  type Folder = { domainFile?: string; products: Map<string, Record<string, string>> };
  const domains = new Map<string, Folder>();
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    if (parts[0] !== 'domains' || !parts[1]) continue;
    const domain: Folder = domains.get(parts[1]) ?? { products: new Map() };
    domains.set(parts[1], domain);
    if (parts.length === 3 && parts[2] === 'domain.yaml') domain.domainFile = text;
    if (parts.length === 5 && parts[2] === 'products' && parts[3] && parts[4]) {
      const product = domain.products.get(parts[3]) ?? {};
      product[parts[4]] = text;
      domain.products.set(parts[3], product);
    }
  }
  const domainSources: DomainSource[] = [...domains].map(([folder, d]) => ({
    folder,
    dir: at(`domains/${folder}`),
    domainFile:
      d.domainFile === undefined ? undefined : { path: at(`domains/${folder}/domain.yaml`), text: d.domainFile },
    products: [...d.products].map(([productFolder, productFiles]): ProductSource => {
      const dir = at(`domains/${folder}/products/${productFolder}`);
      const names = Object.keys(productFiles).sort();
      return {
        folder: productFolder,
        dir,
        productFile:
          productFiles['product.yaml'] === undefined
            ? undefined
            : { path: `${dir}/product.yaml`, text: productFiles['product.yaml'] },
        contracts: names
          .filter((n) => n.endsWith('.odcs.yaml'))
          .map((n) => ({ path: `${dir}/${n}`, text: productFiles[n] as string })),
        files: names.filter((n) => !n.endsWith('.odcs.yaml') && n !== 'product.yaml'),
      };
    }),
  }));
  return { root, meshFile: { path: at('meshwork.yaml'), text: files['meshwork.yaml'] ?? '' }, domains: domainSources };
}
