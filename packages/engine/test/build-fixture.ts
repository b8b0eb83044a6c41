import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadMesh, type Mesh, meshSourceFromFiles } from '@meshwork/core';

/** Domain file for a test mesh. */
export function domainYaml(name: string, isolation: string, engine = ''): string {
  return `apiVersion: meshwork/v1
kind: Domain
name: ${name}
description: Domain ${name}.
capability: Testing
team:
  name: Team ${name}
  members:
    - name: Owner
      email: owner@example.com
      role: owner
onCall:
  email: oncall@example.com
isolation: ${isolation}
${engine}`;
}

/** Product descriptor with the given input ports block. */
export function productYaml(domain: string, id: string, inputs: string): string {
  return `apiVersion: meshwork/v1
kind: DataProduct
id: ${id}
name: ${id}
version: 1.0.0
domain: ${domain}
owner: owner@example.com
status: active
description:
  purpose: Test product ${id}.
inputPorts:
${inputs}outputPorts:
  - name: ${id}
    contractId: urn:${domain}:${id}
build:
  transform: build.sql
`;
}

/** Contract with the given properties (`name: logicalType` pairs). */
export function contractYaml(domain: string, id: string, properties: Record<string, string>): string {
  const props = Object.entries(properties)
    .map(([name, type]) => `      - name: ${name}\n        logicalType: ${type}\n`)
    .join('');
  return `apiVersion: v3.1.0
kind: DataContract
id: urn:${domain}:${id}
version: 1.0.0
status: active
schema:
  - name: ${id}
    properties:
${props}`;
}

/** The files of a small mesh: `sales` (schema pattern) with orders from a CSV and daily totals from orders. */
export function salesMesh(): Record<string, string> {
  return {
    'meshwork.yaml': 'apiVersion: meshwork/v1\nkind: Mesh\nname: test\n',
    'domains/sales/domain.yaml': domainYaml('sales', 'schema'),
    'domains/sales/sources/orders.csv':
      'order_id,amount,ordered_on\n1,10.5,2026-01-01\n2,20,2026-01-01\n3,5,2026-01-02\n',
    'domains/sales/products/orders/product.yaml': productYaml(
      'sales',
      'orders',
      '  - name: raw_orders\n    source:\n      path: sources/orders.csv\n      format: csv\n',
    ),
    'domains/sales/products/orders/orders.odcs.yaml': contractYaml('sales', 'orders', {
      order_id: 'integer',
      amount: 'number',
      ordered_on: 'date',
    }),
    'domains/sales/products/orders/build.sql': 'SELECT order_id, amount, ordered_on FROM raw_orders\n',
    'domains/sales/products/daily/product.yaml': productYaml(
      'sales',
      'daily',
      '  - name: orders\n    product: sales.orders\n',
    ),
    'domains/sales/products/daily/daily.odcs.yaml': contractYaml('sales', 'daily', { day: 'date', total: 'number' }),
    'domains/sales/products/daily/build.sql':
      'SELECT ordered_on AS day, sum(amount) AS total\nFROM sales.orders\nGROUP BY ordered_on\n',
  };
}

/** Writes the files under a new temporary folder and loads the mesh; fails the test on validation errors. */
export function writeMesh(
  files: Record<string, string>,
  root = mkdtempSync(join(tmpdir(), 'meshwork-build-')),
): {
  root: string;
  dataDir: string;
  mesh: Mesh;
  write(path: string, text: string): Mesh;
} {
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const all = { ...files };
  for (const [path, text] of Object.entries(all)) put(path, text);
  const load = () => {
    const { mesh, diagnostics } = loadMesh(meshSourceFromFiles(all, root));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`test mesh does not validate: ${JSON.stringify(errors)}`);
    return mesh;
  };
  return {
    root,
    dataDir: join(root, '.meshwork'),
    mesh: load(),
    write(path, text) {
      all[path] = text;
      put(path, text);
      return load();
    },
  };
}
