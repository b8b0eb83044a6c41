import { loadMesh, meshSourceFromFiles } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import { scheduleOf } from '../src/index.js';

/** A mesh of one product, `a.p`, whose contract ends with its SLA properties. */
function minimalMesh(): Record<string, string> {
  return {
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
    'domains/a/products/p/product.yaml': `apiVersion: meshwork/v1
kind: DataProduct
id: p
name: Product p
version: 1.0.0
domain: a
owner: owner@example.com
status: active
description:
  purpose: Test product p.
inputPorts:
  - name: raw
    source:
      path: sources/p.csv
      format: csv
outputPorts:
  - name: p
    contractId: urn:a:p
build:
  transform: build.sql
`,
    'domains/a/products/p/p.odcs.yaml': `apiVersion: v3.1.0
kind: DataContract
id: urn:a:p
version: 1.0.0
status: active
schema:
  - name: p
    properties:
      - name: id
        logicalType: integer
      - name: created_at
        logicalType: timestamp
slaProperties:
  - property: latency
    value: 1
    unit: d
    element: p.created_at
`,
    'domains/a/products/p/build.sql': 'SELECT 1',
  };
}

describe('scheduleOf', () => {
  const withContract = (extra: string) => {
    const files = minimalMesh();
    files['domains/a/products/p/p.odcs.yaml'] = `${files['domains/a/products/p/p.odcs.yaml']}${extra}`;
    const { mesh } = loadMesh(meshSourceFromFiles(files));
    return scheduleOf(mesh.products.find((p) => p.address === 'a.p') as never);
  };

  it('uses a cron schedule from a quality rule first', () => {
    const files = minimalMesh();
    files['domains/a/products/p/p.odcs.yaml'] = (files['domains/a/products/p/p.odcs.yaml'] as string).replace(
      '    properties:\n',
      '    quality:\n      - metric: rowCount\n        mustBeGreaterThan: 0\n        scheduler: cron\n        schedule: "0 20 * * *"\n    properties:\n',
    );
    const { mesh } = loadMesh(meshSourceFromFiles(files));
    expect(scheduleOf(mesh.products[0] as never)).toEqual({ cron: '0 20 * * *' });
  });

  it('falls back to the SLA frequency, then to hourly', () => {
    expect(withContract('  - property: frequency\n    value: 6\n    unit: h\n')).toEqual({ everyMs: 6 * 3_600_000 });
    expect(withContract('')).toEqual({ everyMs: 3_600_000 });
  });
});
