import { loadMesh } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import { meshFromFiles, minimalMesh } from '../../../packages/core/test/mesh-fixture.js';
import { scheduleOf } from '../src/index.js';

describe('scheduleOf', () => {
  const withContract = (extra: string) => {
    const files = minimalMesh();
    files['domains/a/products/p/p.odcs.yaml'] = `${files['domains/a/products/p/p.odcs.yaml']}${extra}`;
    const { mesh } = loadMesh(meshFromFiles(files));
    return scheduleOf(mesh.products.find((p) => p.address === 'a.p') as never);
  };

  it('uses a cron schedule from a quality rule first', () => {
    const files = minimalMesh();
    files['domains/a/products/p/p.odcs.yaml'] = (files['domains/a/products/p/p.odcs.yaml'] as string).replace(
      '    properties:\n',
      '    quality:\n      - metric: rowCount\n        mustBeGreaterThan: 0\n        scheduler: cron\n        schedule: "0 20 * * *"\n    properties:\n',
    );
    const { mesh } = loadMesh(meshFromFiles(files));
    expect(scheduleOf(mesh.products[0] as never)).toEqual({ cron: '0 20 * * *' });
  });

  it('falls back to the SLA frequency, then to hourly', () => {
    expect(withContract('  - property: frequency\n    value: 6\n    unit: h\n')).toEqual({ everyMs: 6 * 3_600_000 });
    expect(withContract('')).toEqual({ everyMs: 3_600_000 });
  });
});
