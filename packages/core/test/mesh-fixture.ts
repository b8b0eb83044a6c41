import type { DomainSource, MeshSource, ProductSource } from '../src/index.js';

/**
 * Builds a MeshSource from a flat map of mesh-relative paths to text, the way the CLI would after reading
 * the disk: `{ 'meshwork.yaml': ..., 'domains/a/domain.yaml': ..., 'domains/a/products/p/product.yaml': ... }`.
 */
export function meshFromFiles(files: Record<string, string>, root = '.'): MeshSource {
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

/** A valid minimal mesh: domain `a` with products `p` and `q`, `q` reading `p`. Override any file. */
export function minimalMesh(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const product = (id: string, inputs: string) => `apiVersion: meshwork/v1
kind: DataProduct
id: ${id}
name: Product ${id}
version: 1.0.0
domain: a
owner: owner@example.com
status: active
description:
  purpose: Test product ${id}.
${inputs}outputPorts:
  - name: ${id}
    contractId: urn:a:${id}
build:
  transform: build.sql
`;
  const contract = (id: string) => `apiVersion: v3.1.0
kind: DataContract
id: urn:a:${id}
version: 1.0.0
status: active
schema:
  - name: ${id}
    properties:
      - name: id
        logicalType: integer
      - name: created_at
        logicalType: timestamp
slaProperties:
  - property: latency
    value: 1
    unit: d
    element: ${id}.created_at
`;
  const files: Record<string, string | undefined> = {
    'meshwork.yaml': 'apiVersion: meshwork/v1\nkind: Mesh\nname: test\n',
    'domains/a/domain.yaml': `apiVersion: meshwork/v1
kind: Domain
name: a
description: Domain a.
capability: Testing
team:
  name: Team a
  members:
    - name: Owner
      email: owner@example.com
      role: owner
onCall:
  email: oncall@example.com
isolation: schema
`,
    'domains/a/products/p/product.yaml': product(
      'p',
      'inputPorts:\n  - name: raw\n    source:\n      path: sources/p.csv\n      format: csv\n',
    ),
    'domains/a/products/p/p.odcs.yaml': contract('p'),
    'domains/a/products/p/build.sql': 'SELECT 1',
    'domains/a/products/q/product.yaml': product('q', 'inputPorts:\n  - name: p\n    product: a.p\n'),
    'domains/a/products/q/q.odcs.yaml': contract('q'),
    'domains/a/products/q/build.sql': 'SELECT 1',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}
