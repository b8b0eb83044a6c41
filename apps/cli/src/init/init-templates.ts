import { DEFAULT_TAXONOMY_YAML } from '@meshwork/core';
import {
  DEFAULT_PACK_FILE,
  DEFAULT_POLICY_FILE,
  defaultPoliciesCedar,
  defaultRulePackYaml,
} from '@meshwork/governance';

/** The files `meshwork init` writes: one domain with one product that validates, builds and tests. */
export function initTemplates(meshName: string): Record<string, string> {
  return {
    'governance/classification.yaml': DEFAULT_TAXONOMY_YAML,
    [`governance/rules/${DEFAULT_PACK_FILE}`]: defaultRulePackYaml(),
    [`governance/policies/${DEFAULT_POLICY_FILE}`]: defaultPoliciesCedar(),
    'domains/sales/rules/sales.yaml': `# Sales' own rules, on top of the governance group's (governance/rules). A domain may add rules
# and raise the severity of global ones under \`tighten:\`; it may not relax or replace them.
apiVersion: meshwork/v1
kind: RulePack
rules:
  - id: sales-money-is-decimal
    description: Money columns are fixed-point decimals.
    target: property
    severity: error
    when: property.name.endsWith('_eur')
    check: has(property.physicalType) && property.physicalType.startsWith('DECIMAL')
    message: column {{ property.name }} holds money but is not a DECIMAL
    fix: Set physicalType to DECIMAL(12,2).
tighten:
  - rule: naming-product-id
    severity: error
`,
    'domains/sales/policies/sales.cedar': `// Sales' access policies, for its own products only. The global guardrails still apply.
@id("sales-orders-for-analysts")
@description("anyone with a stated purpose may read sales' internal data")
permit (
  principal,
  action in [Meshwork::Action::"read", Meshwork::Action::"query"],
  resource in Meshwork::Domain::"sales"
)
when { resource.classificationRank <= 1 && context.purpose != "" };
`,
    'meshwork.yaml': `# A Meshwork mesh. Domains live under domains/<domain>/; see docs/mesh-layout.md.
apiVersion: meshwork/v1
kind: Mesh
name: ${meshName}
description: The ${meshName} data mesh.
defaults:
  isolation: schema
`,
    'domains/sales/domain.yaml': `apiVersion: meshwork/v1
kind: Domain
name: sales
description: Sells to customers and records their orders.
capability: Order management
team:
  name: Sales data
  members:
    - name: Sam Owner
      email: sam.owner@example.com
      role: owner
    - name: Eve Engineer
      email: eve.engineer@example.com
      role: engineer
onCall:
  name: Sales data on-call
  email: sales-data-oncall@example.com
isolation: schema
compliance: []
`,
    'domains/sales/sources/orders.gen.sql': `-- Sample orders, written to sources/orders.csv on the first build when that file is missing.
-- Replace the CSV with your shop's export (and delete this file) when you have real data.
SELECT
  i AS order_id,
  (['ana', 'ben', 'chloe', 'dev'])[1 + (hash(i, 'customer') % 4)::BIGINT] || '@example.com' AS customer_email,
  round(5 + (hash(i, 'amount') % 50000) / 100.0, 2) AS amount_eur,
  date_trunc('second', now()::TIMESTAMP) - to_seconds((hash(i, 'at') % 86400)::BIGINT) AS ordered_at
FROM range(1, 5) AS t(i)
`,
    'domains/sales/products/orders/product.yaml': `apiVersion: meshwork/v1
kind: DataProduct
id: orders
name: Orders
version: 1.0.0
domain: sales
owner: sam.owner@example.com
status: draft
description:
  purpose: Every order a customer placed, with its amount and time.
  limitations: Cancelled orders are not removed.
  usage: Revenue reporting and customer analytics.
tags: [orders]
inputPorts:
  - name: raw_orders
    description: Orders exported from the shop.
    source:
      path: sources/orders.csv
      format: csv
      generator: sources/orders.gen.sql
outputPorts:
  - name: orders
    description: One row per order.
    contractId: urn:${meshName}:sales:orders
    interfaces: [sql]
build:
  transform: build.sql
support:
  email: sales-data@example.com
`,
    'domains/sales/products/orders/orders.odcs.yaml': `apiVersion: v3.1.0
kind: DataContract
id: urn:${meshName}:sales:orders
name: Orders
version: 1.0.0
status: draft
domain: sales
description:
  purpose: Every order a customer placed, with its amount and time.
schema:
  - name: orders
    physicalType: table
    description: One row per order.
    properties:
      - name: order_id
        logicalType: integer
        physicalType: BIGINT
        description: Key of the order.
        required: true
        unique: true
        primaryKey: true
      - name: customer_email
        logicalType: string
        physicalType: VARCHAR
        description: E-mail of the customer who ordered.
        required: true
        classification: pii
      - name: amount_eur
        logicalType: number
        physicalType: DECIMAL(12,2)
        description: Order amount in euros.
        required: true
        logicalTypeOptions:
          minimum: 0
      - name: ordered_at
        logicalType: timestamp
        physicalType: TIMESTAMP
        description: When the order was placed.
        required: true
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
        dimension: completeness
slaProperties:
  - property: frequency
    value: 24
    unit: h
  - property: latency
    value: 24
    unit: h
    element: orders.ordered_at
  - property: availability
    value: 99
    unit: percent
support:
  - channel: sales-data@example.com
    tool: email
`,
    'domains/sales/products/orders/build.sql': `-- Build the orders product from the shop export; pin the types the contract promises.
SELECT
  order_id::BIGINT AS order_id,
  customer_email,
  amount_eur::DECIMAL(12, 2) AS amount_eur,
  ordered_at::TIMESTAMP AS ordered_at
FROM raw_orders
`,
    'domains/sales/products/orders/README.md': `# Orders

Every order a customer placed. Built from the shop export in \`domains/sales/sources/orders.csv\`
(generated with sample rows by \`sources/orders.gen.sql\` until you put the real export there).
`,
  };
}
