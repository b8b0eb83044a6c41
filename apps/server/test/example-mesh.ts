import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeSourceFile, type MeshSource, type Product, type SourceInput } from '@meshwork/core';

/** The example mesh's files as the CLI reads them (the server tests do not import the CLI's internals). */
export function exampleMeshSource(root: string): MeshSource {
  const read = (path: string): SourceInput => decodeSourceFile(path, readFileSync(path));
  const files = (dir: string, pattern: RegExp) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => pattern.test(n))
          .sort()
          .map((n) => read(join(dir, n)))
      : [];
  const folders = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
  return {
    root,
    meshFile: read(join(root, 'meshwork.yaml')),
    taxonomyFile: read(join(root, 'governance/classification.yaml')),
    ruleFiles: files(join(root, 'governance/rules'), /\.ya?ml$/),
    policyFiles: files(join(root, 'governance/policies'), /\.cedar$/),
    domains: folders(join(root, 'domains')).map((folder) => {
      const dir = join(root, 'domains', folder);
      return {
        folder,
        dir,
        domainFile: read(join(dir, 'domain.yaml')),
        ruleFiles: files(join(dir, 'rules'), /\.ya?ml$/),
        policyFiles: files(join(dir, 'policies'), /\.cedar$/),
        products: folders(join(dir, 'products')).map((name) => {
          const productDir = join(dir, 'products', name);
          const names = readdirSync(productDir).sort();
          return {
            folder: name,
            dir: productDir,
            productFile: read(join(productDir, 'product.yaml')),
            contracts: names.filter((n) => /\.odcs\.ya?ml$/.test(n)).map((n) => read(join(productDir, n))),
            files: names.filter((n) => !/\.odcs\.ya?ml$/.test(n) && n !== 'product.yaml'),
          };
        }),
      };
    }),
  };
}

/** What a product version is published from, as `meshwork publish` sends it: descriptor, contracts, README. */
export function productTexts(product: Product): {
  descriptor: string;
  contracts: { path: string; text: string }[];
  docs: string | null;
} {
  const readme = join(product.dir, 'README.md');
  return {
    descriptor: product.loaded.yaml.file.text,
    contracts: product.contracts.map((c) => ({ path: basename(c.yaml.file.path), text: c.yaml.file.text })),
    docs: existsSync(readme) ? readFileSync(readme, 'utf8') : null,
  };
}
