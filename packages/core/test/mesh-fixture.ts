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
