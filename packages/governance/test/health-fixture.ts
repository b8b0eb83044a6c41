import type { IsolationPattern, MeshSource } from '@meshwork/core';
import { defaultRulePackYaml, validateMesh } from '../src/index.js';

/** A column of a fixture product's contract. */
export interface ColumnDef {
  readonly name: string;
  readonly classification?: string;
}

/** A product of a fixture domain; it meets the default pack unless told otherwise. */
export interface ProductDef {
  readonly id: string;
  /** Addresses of the products it reads; a file source when there are none. */
  readonly reads?: readonly string[];
  readonly status?: 'proposed' | 'draft' | 'active' | 'deprecated' | 'retired';
  /** Columns besides `id` (an integer with a quality check, classified internal). */
  readonly columns?: readonly ColumnDef[];
  /** Product owner; the domain's owner by default. */
  readonly owner?: string;
}

/** A domain of a fixture mesh. */
export interface DomainDef {
  readonly name: string;
  /** team.name; `<Name> data` by default. */
  readonly team?: string;
  /** E-mail of the member with role owner; `<name>.owner@example.com` by default. */
  readonly owner?: string;
  /** Members with role engineer; 3 by default. */
  readonly engineers?: number;
  readonly isolation?: IsolationPattern;
  readonly compliance?: readonly string[];
  readonly products?: readonly ProductDef[];
  /** Domain rule packs, by file name. */
  readonly rules?: Record<string, string>;
}

const ownerOf = (domain: DomainDef) => domain.owner ?? `${domain.name}.owner@example.com`;

function domainYaml(domain: DomainDef): string {
  const engineers = Array.from(
    { length: domain.engineers ?? 3 },
    (_, i) =>
      `    - name: Engineer ${i + 1}\n      email: ${domain.name}.eng${i + 1}@example.com\n      role: engineer\n`,
  ).join('');
  return `apiVersion: meshwork/v1
kind: Domain
name: ${domain.name}
description: The ${domain.name} domain.
capability: ${domain.name} capability
team:
  name: ${domain.team ?? `${domain.name[0]?.toUpperCase()}${domain.name.slice(1)} data`}
  members:
    - name: Owner of ${domain.name}
      email: ${ownerOf(domain)}
      role: owner
${engineers}onCall:
  channel: "#${domain.name}-oncall"
isolation: ${domain.isolation ?? 'schema'}
${domain.compliance ? `compliance: [${domain.compliance.join(', ')}]\n` : ''}`;
}

function productYaml(domain: DomainDef, product: ProductDef): string {
  const reads = product.reads ?? [];
  const ports =
    reads.length > 0
      ? reads.map((address, i) => `  - name: in_${i}\n    product: ${address}\n`).join('')
      : `  - name: raw\n    source:\n      path: sources/${product.id}.csv\n      format: csv\n`;
  return `apiVersion: meshwork/v1
kind: DataProduct
id: ${product.id}
name: ${product.id}
version: 1.0.0
domain: ${domain.name}
owner: ${product.owner ?? ownerOf(domain)}
status: ${product.status ?? 'active'}
description:
  purpose: Every ${product.id} record of the ${domain.name} domain, one row each.
tags: [${product.id}]
inputPorts:
${ports}outputPorts:
  - name: ${product.id}
    contractId: urn:${domain.name}:${product.id}
`;
}

function contractYaml(domain: DomainDef, product: ProductDef): string {
  const columns = (product.columns ?? [])
    .map(
      (c) =>
        `      - name: ${c.name}\n        logicalType: string\n        description: The ${c.name}.\n${c.classification ? `        classification: ${c.classification}\n` : ''}`,
    )
    .join('');
  return `apiVersion: v3.1.0
kind: DataContract
id: urn:${domain.name}:${product.id}
version: 1.0.0
status: active
description:
  purpose: The ${product.id} of ${domain.name}.
schema:
  - name: ${product.id}
    properties:
      - name: id
        logicalType: integer
        description: Row id.
        classification: internal
        quality:
          - metric: nullValues
            mustBe: 0
${columns}slaProperties:
  - property: latency
    value: 1
    unit: d
  - property: availability
    value: 99
    unit: percent
support:
  - channel: "#${domain.name}-data"
    tool: slack
`;
}

/** The MeshSource of a mesh with these domains, the default global pack and no policies. */
export function healthSource(domains: readonly DomainDef[]): MeshSource {
  return {
    root: '.',
    meshFile: { path: 'meshwork.yaml', text: 'apiVersion: meshwork/v1\nkind: Mesh\nname: health\n' },
    ruleFiles: [{ path: 'governance/rules/minimum-standard.yaml', text: defaultRulePackYaml() }],
    policyFiles: [],
    domains: domains.map((domain) => {
      const dir = `domains/${domain.name}`;
      return {
        folder: domain.name,
        dir,
        domainFile: { path: `${dir}/domain.yaml`, text: domainYaml(domain) },
        ruleFiles: Object.entries(domain.rules ?? {}).map(([name, text]) => ({ path: `${dir}/rules/${name}`, text })),
        policyFiles: [],
        products: (domain.products ?? []).map((product) => {
          const productDir = `${dir}/products/${product.id}`;
          return {
            folder: product.id,
            dir: productDir,
            productFile: { path: `${productDir}/product.yaml`, text: productYaml(domain, product) },
            contracts: [{ path: `${productDir}/${product.id}.odcs.yaml`, text: contractYaml(domain, product) }],
            files: ['README.md'],
          };
        }),
      };
    }),
  };
}

/** Loads and validates a fixture mesh: the mesh, its compiled governance and the validation diagnostics. */
export function healthMesh(domains: readonly DomainDef[]) {
  return validateMesh(healthSource(domains));
}
