import { readFileSync } from 'node:fs';
import { parseYaml, type RulePack } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import { defaultRulePackYaml, validateMesh } from '../src/index.js';
import { type GoodMeshFiles, goodMesh, meshSource } from './governance-fixture.js';

const findings = (files: GoodMeshFiles) => validateMesh(meshSource(files)).diagnostics;

/** One minimal violation per default rule: the edit to the good mesh, and where the finding must point. */
const violations: Record<string, { edit: (m: GoodMeshFiles) => Partial<GoodMeshFiles>; at: [string, number] }> = {
  'domain-has-owner': {
    edit: (m) => ({ domain: m.domain.replace('role: owner', 'role: engineer') }),
    at: ['domain.yaml', 7],
  },
  'domain-on-call-reachable': {
    edit: (m) => ({ domain: m.domain.replace('channel: "#sales-oncall"', 'name: Somebody') }),
    at: ['domain.yaml', 13],
  },
  'product-purpose-stated': {
    edit: (m) => ({ product: m.product.replace('Every order placed in the web shop, one row per order.', 'Orders.') }),
    at: ['product.yaml', 10],
  },
  'product-tagged': {
    edit: (m) => ({ product: m.product.replace(/tags: .*\n/, '') }),
    at: ['product.yaml', 3],
  },
  'contract-has-description': {
    edit: (m) => ({ contract: m.contract.replace('description:\n  purpose: Orders of the web shop.\n', '') }),
    at: ['orders.odcs.yaml', 3],
  },
  'property-has-logical-type': {
    edit: (m) => ({ contract: m.contract.replace('        logicalType: timestamp\n', '') }),
    at: ['orders.odcs.yaml', 21],
  },
  'property-has-description': {
    edit: (m) => ({ contract: m.contract.replace('        description: Order number.\n', '') }),
    at: ['orders.odcs.yaml', 11],
  },
  'object-has-quality-check': {
    edit: (m) => ({ contract: m.contract.replace(/ {8}quality:\n.*\n.*\n/, '') }),
    at: ['orders.odcs.yaml', 9],
  },
  'contract-sla-freshness': {
    edit: (m) => ({ contract: m.contract.replace('property: latency', 'property: throughput') }),
    at: ['orders.odcs.yaml', 3],
  },
  'contract-sla-availability': {
    edit: (m) => ({ contract: m.contract.replace('property: availability', 'property: errorRate') }),
    at: ['orders.odcs.yaml', 3],
  },
  'product-has-support-channel': {
    edit: (m) => ({ contract: m.contract.replace(/support:\n.*\n.*\n$/, '') }),
    at: ['orders.odcs.yaml', 3],
  },
  'product-has-readme': { edit: () => ({ files: [] }), at: ['product.yaml', 3] },
  'naming-table-snake-case': {
    edit: (m) => ({
      contract: m.contract.replace('- name: orders', '- name: Orders').replace('element: orders.', 'element: Orders.'),
    }),
    at: ['orders.odcs.yaml', 9],
  },
  'naming-column-snake-case': {
    edit: (m) => ({ contract: m.contract.replace('name: order_id', 'name: orderId') }),
    at: ['orders.odcs.yaml', 11],
  },
  'naming-product-id': {
    edit: (m) => ({ product: m.product.replace('id: orders', 'id: sales_orders') }),
    at: ['product.yaml', 3],
  },
  'pii-column-classified': {
    edit: (m) => ({ contract: m.contract.replace('        classification: pii\n', '') }),
    at: ['orders.odcs.yaml', 17],
  },
  'lineage-declared': {
    edit: (m) => ({ product: m.product.replace(/inputPorts:\n(.*\n){4}/, '') }),
    at: ['product.yaml', 3],
  },
};

describe('the default rule pack (minimum data product standard)', () => {
  it('is silent on a product that meets the standard', () => {
    expect(findings(goodMesh())).toEqual([]);
  });

  it('has a violation test for every rule it defines', () => {
    const pack = parseYaml({ path: 'pack.yaml', text: defaultRulePackYaml() }).yaml?.value as RulePack;
    expect(Object.keys(violations).sort()).toEqual((pack.rules ?? []).map((r) => r.id).sort());
  });

  it('documents every rule in docs/policies.md', () => {
    const docs = readFileSync(new URL('../../../docs/policies.md', import.meta.url), 'utf8');
    for (const rule of Object.keys(violations)) expect(docs).toContain(`| \`${rule}\``);
  });

  for (const [rule, { edit, at }] of Object.entries(violations)) {
    it(`fires ${rule} on a minimal bad example, at the offending node`, () => {
      const good = goodMesh();
      const found = findings({ ...good, ...edit(good) });
      expect(found.map((d) => d.code)).toEqual([rule]);
      const [file, line] = at;
      expect(found[0]?.file.endsWith(file)).toBe(true);
      expect(found[0]?.line).toBe(line);
      expect(found[0]?.hint).toBeTruthy();
    });
  }
});
