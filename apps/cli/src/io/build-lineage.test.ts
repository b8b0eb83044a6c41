import { join } from 'node:path';
import { lineageGraph, openCatalog } from '@meshwork/catalog';
import type { BuildManifest } from '@meshwork/engine';
import { parseLineageEvent } from '@meshwork/server';
import { describe, expect, it } from 'vitest';
import { buildLineageEvent, recordBuildLineage } from './build-lineage.js';
import { loadMeshAt } from './load-mesh-at.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'acme');

const manifest = (address: string): BuildManifest => ({
  address,
  version: '1.0.0',
  pattern: 'account',
  store: { file: 'x.duckdb', table: 'finance.invoices' },
  builtAt: '2026-06-01T08:00:00.000Z',
  durationMs: 12,
  rows: 100,
  bytes: 4096,
  inputHash: 'abc',
  contentHash: 'def',
  inputs: {},
  columns: [
    { name: 'invoice_id', type: 'VARCHAR' },
    { name: 'amount_eur', type: 'DECIMAL(18,2)' },
  ],
});

describe('the OpenLineage event of a build', async () => {
  const loaded = await loadMeshAt(ROOT);
  if (!loaded.valid) throw new Error('the example mesh must validate');
  const mesh = loaded.mesh;

  it('is a RunEvent COMPLETE the official schema accepts without leniency', () => {
    const event = buildLineageEvent(mesh, manifest('finance.invoices'));
    const parsed = parseLineageEvent(event);
    expect(parsed.ok && parsed.warnings).toEqual([]);
    expect(event).toMatchObject({
      eventType: 'COMPLETE',
      eventTime: '2026-06-01T08:00:00.000Z',
      job: { namespace: 'meshwork://acme', name: 'build.finance.invoices' },
      outputs: [
        {
          namespace: 'meshwork://acme',
          name: 'finance.invoices',
          facets: { schema: { fields: [{ name: 'invoice_id', type: 'VARCHAR' }, { name: 'amount_eur' }] } },
        },
      ],
    });
    const inputs = ((event?.inputs ?? []) as { namespace: string; name: string }[]).map((i) =>
      i.namespace === 'file' ? `file ${i.name.slice(ROOT.length)}` : `${i.namespace} ${i.name}`,
    );
    expect(inputs).toContain('file /domains/finance/sources/invoices.parquet');
    expect(inputs).toContain('meshwork://acme marketing.customers');
    expect(buildLineageEvent(mesh, manifest('finance.invoices'))?.run).toEqual(event?.run);
  });

  it('is stored as lineage: the build job between its inputs and the product', async () => {
    const catalog = await openCatalog();
    try {
      const outcome = await recordBuildLineage(catalog, mesh, [manifest('finance.invoices'), manifest('no.such')]);
      expect(outcome).toEqual({ stored: 1, problems: [] });
      const { graph } = await lineageGraph(catalog.db, 'job:meshwork://acme:build.finance.invoices', 1);
      expect(graph.find((n) => n.id === 'dataset:meshwork://acme:finance.invoices')?.data.product).toBe(
        'finance.invoices',
      );
    } finally {
      await catalog.close();
    }
  });
});
