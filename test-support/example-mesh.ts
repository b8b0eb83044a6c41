import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  decodeSourceFile,
  hasErrors,
  type Mesh,
  type MeshSource,
  type Product,
  type SourceInput,
} from '@meshwork/core';
import { buildMesh } from '@meshwork/engine';
import { type Governance, validateMesh } from '@meshwork/governance';

/** The example mesh every suite works on: examples/acme, never written to (copy it with {@link copyExampleMesh}). */
export const ACME = join(import.meta.dirname, '..', 'examples', 'acme');

/** The example mesh loaded and validated, with its governance compiled. */
export interface ExampleMesh {
  readonly root: string;
  readonly mesh: Mesh;
  readonly governance: Governance;
}

/**
 * The files of a mesh folder as the CLI reads them, without importing the CLI (the server's tests must not
 * depend on it): mesh file, taxonomy, rules and policies, domains and their products.
 */
export function exampleMeshSource(root: string = ACME): MeshSource {
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

/**
 * Loads and validates the mesh at `root` (the example mesh by default); throws when it has errors, since
 * every suite built on it would fail for the same reason. The example mesh is loaded once per test file.
 *
 * @example const { mesh, governance } = loadExampleMesh();
 */
export function loadExampleMesh(root: string = ACME): ExampleMesh {
  // Loaded once per suite (Vitest gives each test file its own modules): tests treat the mesh as read-only.
  if (root === ACME && exampleMesh) return exampleMesh;
  const { mesh, governance, diagnostics } = validateMesh(exampleMeshSource(root));
  if (hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line} ${d.message}`);
    throw new Error(`the mesh at ${root} does not validate:\n${errors.join('\n')}`);
  }
  const loaded = { root, mesh, governance };
  if (root === ACME) exampleMesh = loaded;
  return loaded;
}

let exampleMesh: ExampleMesh | undefined;

/**
 * Copies the example mesh's own files (no `.meshwork/` data, no generated sources) into `into`, or into a new
 * temporary folder, for tests that change files or build in place; returns the copy's path.
 *
 * @example const mesh = copyExampleMesh(join(work, 'acme'));
 */
export function copyExampleMesh(into?: string): string {
  const dir = into ?? mkdtempSync(join(tmpdir(), 'meshwork-acme-'));
  cpSync(ACME, dir, {
    recursive: true,
    filter: (source) => basename(source) !== '.meshwork' && !/\.(parquet|csv)$/.test(source),
  });
  return dir;
}

/**
 * Builds every product of `mesh` with DuckDB into `dataDir`; throws naming the products that failed. With
 * `warehouseUrl`, the Iceberg tables record it as their location base, as `meshwork up` does.
 */
export async function buildExampleMesh(mesh: Mesh, dataDir: string, warehouseUrl?: string): Promise<void> {
  const built = await buildMesh(mesh, { dataDir, warehouseUrl });
  const failed = built.products.filter((p) => p.status === 'failed');
  if (failed.length > 0) throw new Error(`example products failed to build: ${failed.map((p) => p.address)}`);
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
