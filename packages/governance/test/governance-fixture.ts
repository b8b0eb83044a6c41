import type { MeshSource } from '@meshwork/core';
import { defaultRulePackYaml } from '../src/index.js';

/** The files of a mesh that meets the default pack: domain `sales`, product `orders` reading a source. */
export interface GoodMeshFiles {
  domain: string;
  product: string;
  contract: string;
  /** Names of the other files in the product folder. */
  files: string[];
  /** Domain rule packs of `sales`, by file name. */
  domainRules: Record<string, string>;
  /** Global rule packs, by file name (the default pack unless replaced). */
  globalRules: Record<string, string>;
  /** Cedar files: `governance/policies/<name>` and `domains/sales/policies/<name>`. */
  globalPolicies: Record<string, string>;
  domainPolicies: Record<string, string>;
}

/** A conforming mesh; override any part, or edit the texts with `replace`. */
export function goodMesh(overrides: Partial<GoodMeshFiles> = {}): GoodMeshFiles {
  return {
    domain: `apiVersion: meshwork/v1
kind: Domain
name: sales
description: Sales.
capability: Selling
team:
  name: Sales data
  members:
    - name: Olga Owner
      email: olga@example.com
      role: owner
onCall:
  channel: "#sales-oncall"
isolation: schema
`,
    product: `apiVersion: meshwork/v1
kind: DataProduct
id: orders
name: Orders
version: 1.0.0
domain: sales
owner: olga@example.com
status: active
description:
  purpose: Every order placed in the web shop, one row per order.
tags: [orders, web-shop]
inputPorts:
  - name: raw_orders
    source:
      path: sources/orders.csv
      format: csv
outputPorts:
  - name: orders
    contractId: urn:sales:orders
`,
    contract: `apiVersion: v3.1.0
kind: DataContract
id: urn:sales:orders
version: 1.0.0
status: active
description:
  purpose: Orders of the web shop.
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        description: Order number.
        quality:
          - metric: nullValues
            mustBe: 0
      - name: customer_email
        logicalType: string
        description: E-mail of the buyer.
        classification: pii
      - name: created_at
        logicalType: timestamp
        description: When the order was placed.
slaProperties:
  - property: latency
    value: 1
    unit: d
    element: orders.created_at
  - property: availability
    value: 99
    unit: percent
support:
  - channel: "#sales-data"
    tool: slack
`,
    files: ['README.md'],
    domainRules: {},
    globalRules: { 'minimum-standard.yaml': defaultRulePackYaml() },
    globalPolicies: {},
    domainPolicies: {},
    ...overrides,
  };
}

/** The MeshSource of `files`, as the CLI would read it from disk. */
export function meshSource(files: GoodMeshFiles): MeshSource {
  const id = /^id: (\S+)$/m.exec(files.product)?.[1] ?? 'orders';
  const dir = `domains/sales/products/${id}`;
  const named = (dir: string, byName: Record<string, string>) =>
    Object.entries(byName).map(([name, text]) => ({ path: `${dir}/${name}`, text }));
  return {
    root: '.',
    meshFile: { path: 'meshwork.yaml', text: 'apiVersion: meshwork/v1\nkind: Mesh\nname: test\n' },
    ruleFiles: named('governance/rules', files.globalRules),
    policyFiles: named('governance/policies', files.globalPolicies),
    domains: [
      {
        folder: 'sales',
        dir: 'domains/sales',
        domainFile: { path: 'domains/sales/domain.yaml', text: files.domain },
        ruleFiles: named('domains/sales/rules', files.domainRules),
        policyFiles: named('domains/sales/policies', files.domainPolicies),
        products: [
          {
            folder: id,
            dir,
            productFile: { path: `${dir}/product.yaml`, text: files.product },
            contracts: [{ path: `${dir}/orders.odcs.yaml`, text: files.contract }],
            files: files.files,
          },
        ],
      },
    ],
  };
}
