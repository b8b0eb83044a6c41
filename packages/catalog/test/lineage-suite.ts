import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Catalog,
  createAccessRequest,
  ensureUser,
  ingestLineageEvent,
  type LineageDataset,
  type LineageEvent,
  lineageGraph,
  nextRunState,
  productImpact,
  publishVersion,
  type RunState,
  revokeGrant,
  upsertDomain,
} from '../src/index.js';

const ds = (namespace: string, name: string, extra: Partial<LineageDataset> = {}): LineageDataset => ({
  namespace,
  name,
  facets: {},
  edgeFacets: {},
  ...extra,
});

const runEvent = (
  runId: string,
  eventType: RunState,
  at: string,
  job: string,
  inputs: LineageDataset[] = [],
  outputs: LineageDataset[] = [],
): LineageEvent => ({
  kind: 'RunEvent',
  eventTime: new Date(at),
  eventType,
  runId,
  runFacets: {},
  job: { namespace: 'sched', name: job, facets: {} },
  inputs,
  outputs,
});

/** Lineage: ingest, run states, dataset ↔ product mapping, the graph and impact. Part of the catalog suite. */
export function lineageSuite(catalogOf: () => Catalog): void {
  describe('lineage', () => {
    let catalog: Catalog;
    const ingest = (event: LineageEvent, warnings: { path: string; message: string }[] = []) =>
      ingestLineageEvent(catalog.db, event, { receivedBy: 'tester@example.com', raw: { event: 'raw' }, warnings });
    const publish = (address: string) =>
      publishVersion(catalog.db, {
        address,
        domain: 'lin',
        name: address,
        description: 'Lineage test product.',
        status: 'active',
        version: '1.0.0',
        contentHash: address,
        descriptor: {},
        contracts: [],
        docs: null,
        publishedBy: 'tester',
      });
    beforeAll(async () => {
      catalog = catalogOf();
      await upsertDomain(catalog.db, { name: 'lin', description: 'Lineage.', isolation: 'schema', spec: {} });
      for (const p of ['lin.orders', 'lin.revenue', 'lin.report', 'lin.board', 'lin.other', 'lin.mapped'])
        await publish(p);
    });
    const count = async (table: 'lineage_events' | 'lineage_runs' | 'lineage_datasets' | 'lineage_job_io') =>
      Number(
        (
          await catalog.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('moves run states forward only, whatever order events arrive in', () => {
      expect(nextRunState(undefined, 'START')).toBe('START');
      expect(nextRunState('START', 'RUNNING')).toBe('RUNNING');
      expect(nextRunState('RUNNING', 'START')).toBe('RUNNING');
      expect(nextRunState('COMPLETE', 'START')).toBe('COMPLETE');
      expect(nextRunState('FAIL', 'COMPLETE')).toBe('FAIL');
      expect(nextRunState('START', 'OTHER')).toBe('START');
      expect(nextRunState('OTHER', 'ABORT')).toBe('ABORT');
    });

    it('stores a run event in one go: job, run, datasets, edges with their facets, the raw event and its warnings', async () => {
      const before = await count('lineage_events');
      const outcome = await ingest(
        runEvent(
          'run-ingest',
          'START',
          '2026-01-01T10:00:00Z',
          'ingest',
          [ds('pg', 'public.a', { edgeFacets: { dataQualityMetrics: { rowCount: 3 } } })],
          [ds('pg', 'public.b', { fields: [{ name: 'id', type: 'INT' }], facets: { schema: { fields: [] } } })],
        ),
        [{ path: '/schemaURL', message: 'missing; read as a RunEvent' }],
      );
      expect(outcome).toMatchObject({ runState: 'START', datasets: 2, columnEdges: 0 });
      expect(await count('lineage_events')).toBe(before + 1);
      const event = await catalog.db
        .selectFrom('lineage_events')
        .selectAll()
        .where('id', '=', outcome.eventId)
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({ kind: 'RunEvent', run_id: 'run-ingest', received_by: 'tester@example.com' });
      expect(event.warnings).toEqual([{ path: '/schemaURL', message: 'missing; read as a RunEvent' }]);
      const io = await catalog.db
        .selectFrom('lineage_run_io')
        .innerJoin('lineage_datasets', 'lineage_datasets.id', 'lineage_run_io.dataset_id')
        .select(['lineage_datasets.name', 'direction', 'lineage_run_io.facets', 'schema_fields'])
        .where('run_id', '=', 'run-ingest')
        .orderBy('direction')
        .execute();
      expect(io).toEqual([
        { name: 'public.a', direction: 'input', facets: { dataQualityMetrics: { rowCount: 3 } }, schema_fields: null },
        { name: 'public.b', direction: 'output', facets: {}, schema_fields: [{ name: 'id', type: 'INT' }] },
      ]);
    });

    it('keeps the terminal state and the earliest start when events arrive out of order', async () => {
      await ingest(runEvent('run-late', 'COMPLETE', '2026-01-01T10:05:00Z', 'late'));
      await ingest(runEvent('run-late', 'RUNNING', '2026-01-01T10:01:00Z', 'late'));
      const late = await ingest(runEvent('run-late', 'START', '2026-01-01T10:00:00Z', 'late'));
      expect(late.runState).toBe('COMPLETE');
      await ingest(runEvent('run-late', 'FAIL', '2026-01-01T10:06:00Z', 'late'));
      const run = await catalog.db
        .selectFrom('lineage_runs')
        .selectAll()
        .where('run_id', '=', 'run-late')
        .executeTakeFirstOrThrow();
      expect(run.state).toBe('COMPLETE');
      expect(new Date(run.started_at as Date).toISOString()).toBe('2026-01-01T10:00:00.000Z');
      expect(new Date(run.ended_at as Date).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    });

    it('keeps the newest facets: an older event only adds what is missing; _deleted removes', async () => {
      const dataset = (at: string, facets: Record<string, unknown>) =>
        ingest({ kind: 'DatasetEvent', eventTime: new Date(at), dataset: ds('pg', 'public.facets', { facets }) });
      await dataset('2026-02-01T00:00:00Z', { documentation: { description: 'new' }, owner: { x: 1 } });
      await dataset('2026-01-01T00:00:00Z', { documentation: { description: 'old' }, tags: { t: 1 } });
      await dataset('2026-03-01T00:00:00Z', { owner: { _deleted: true } });
      const row = await catalog.db
        .selectFrom('lineage_datasets')
        .select('facets')
        .where('name', '=', 'public.facets')
        .executeTakeFirstOrThrow();
      expect(row.facets).toEqual({ documentation: { description: 'new' }, tags: { t: 1 } });
    });

    it('maps datasets to products: meshwork://<mesh> names, or a name that is a product address', async () => {
      await ingest(
        runEvent(
          'run-map',
          'COMPLETE',
          '2026-01-02T00:00:00Z',
          'map',
          [ds('meshwork://acme', 'lin.mapped'), ds('postgres://db:5432', 'lin.other'), ds('pg', 'public.orders')],
          [ds('meshwork://acme', 'lin.unpublished.table'), ds('s3://bucket', 'no.product')],
        ),
      );
      const rows = await catalog.db
        .selectFrom('lineage_datasets')
        .select(['namespace', 'name', 'product'])
        .where('name', 'in', ['lin.mapped', 'lin.other', 'public.orders', 'lin.unpublished.table', 'no.product'])
        .orderBy('name')
        .execute();
      expect(rows).toEqual([
        { namespace: 'meshwork://acme', name: 'lin.mapped', product: 'lin.mapped' },
        { namespace: 'postgres://db:5432', name: 'lin.other', product: 'lin.other' },
        { namespace: 'meshwork://acme', name: 'lin.unpublished.table', product: 'lin.unpublished' },
        { namespace: 's3://bucket', name: 'no.product', product: null },
        { namespace: 'pg', name: 'public.orders', product: null },
      ]);
    });

    it('walks the graph to the depth asked, in both directions, in the Marquez shape', async () => {
      // chain.d0 → chain.j1 → chain.d1 → chain.j2 → chain.d2 → chain.j3 → chain.d3
      for (let i = 1; i <= 3; i++) {
        await ingest(
          runEvent(
            `run-chain-${i}`,
            'COMPLETE',
            '2026-01-03T00:00:00Z',
            `chain.j${i}`,
            [ds('c', `chain.d${i - 1}`)],
            [ds('c', `chain.d${i}`)],
          ),
        );
      }
      const ids = async (node: string, depth: number) =>
        (await lineageGraph(catalog.db, node, depth)).graph.map((n) => n.id);
      expect(await ids('dataset:c:chain.d0', 2)).toEqual([
        'dataset:c:chain.d0',
        'dataset:c:chain.d1',
        'job:sched:chain.j1',
      ]);
      expect(await ids('dataset:c:chain.d3', 1)).toEqual(['dataset:c:chain.d3', 'job:sched:chain.j3']);
      expect((await ids('job:sched:chain.j2', 20)).length).toBe(7);
      const { graph } = await lineageGraph(catalog.db, 'job:sched:chain.j2', 1);
      const job = graph.find((n) => n.id === 'job:sched:chain.j2');
      expect(job).toMatchObject({
        type: 'JOB',
        inEdges: [{ origin: 'dataset:c:chain.d1', destination: 'job:sched:chain.j2' }],
        outEdges: [{ origin: 'job:sched:chain.j2', destination: 'dataset:c:chain.d2' }],
        data: { namespace: 'sched', name: 'chain.j2', latestRun: { id: 'run-chain-2', state: 'COMPLETE' } },
      });
      // Namespaces with colons resolve.
      expect((await ids('dataset:postgres://db:5432:lin.other', 0))[0]).toBe('dataset:postgres://db:5432:lin.other');
      await expect(lineageGraph(catalog.db, 'dataset:nowhere:nothing', 1)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('finds every downstream product, column and consumer with an active grant, through cycles', async () => {
      const m = (name: string) => ds('meshwork://acme', name);
      // orders → revenue → report; revenue → board; board → revenue (a cycle); an unmapped file too.
      await ingest(
        runEvent(
          'run-i1',
          'COMPLETE',
          '2026-01-04T00:00:00Z',
          'build.lin.revenue',
          [m('lin.orders')],
          [m('lin.revenue'), ds('file', '/tmp/revenue.csv')],
        ),
      );
      await ingest(
        runEvent(
          'run-i2',
          'COMPLETE',
          '2026-01-04T00:00:00Z',
          'build.lin.report',
          [m('lin.revenue')],
          [m('lin.report')],
        ),
      );
      await ingest(
        runEvent('run-i3', 'COMPLETE', '2026-01-04T00:00:00Z', 'build.lin.board', [m('lin.revenue')], [m('lin.board')]),
      );
      await ingest(
        runEvent('run-i4', 'COMPLETE', '2026-01-04T00:00:00Z', 'loop', [m('lin.board')], [m('lin.revenue')]),
      );
      // Column lineage: report.total ← revenue.amount ← orders.amount_eur
      await ingest(
        runEvent(
          'run-i5',
          'COMPLETE',
          '2026-01-04T00:00:00Z',
          'build.lin.revenue',
          [],
          [m('lin.revenue')].map((d) => ({
            ...d,
            columnLineage: [
              {
                field: 'amount',
                inputs: [
                  { namespace: 'meshwork://acme', name: 'lin.orders', field: 'amount_eur', transformations: [] },
                ],
              },
            ],
          })),
        ),
      );
      await ingest(
        runEvent(
          'run-i6',
          'COMPLETE',
          '2026-01-04T00:00:00Z',
          'build.lin.report',
          [],
          [
            {
              ...m('lin.report'),
              columnLineage: [
                {
                  field: 'total',
                  inputs: [
                    {
                      namespace: 'meshwork://acme',
                      name: 'lin.revenue',
                      field: 'amount',
                      transformations: [{ type: 'AGGREGATION' }],
                    },
                  ],
                },
              ],
            },
          ],
        ),
      );
      const day = 86_400_000;
      const holder = async (email: string, product: string) => {
        const user = await ensureUser(catalog.db, { name: email, email, role: 'consumer', domain: null });
        return createAccessRequest(catalog.db, {
          product,
          requester: { id: user.id, email: user.email, domain: null },
          purpose: 'Board reporting for the quarterly review.',
          expiresAt: new Date(Date.now() + 30 * day),
          autoApprove: { note: 'test' },
        });
      };
      await holder('reader@example.com', 'lin.report');
      await holder('orders-reader@example.com', 'lin.orders');
      const revoked = await holder('gone@example.com', 'lin.board');
      await revokeGrant(catalog.db, revoked.grant?.id as string, 'tester');

      const impact = await productImpact(catalog.db, 'lin.orders');
      expect(impact.products).toEqual([
        { address: 'lin.board', columns: [] },
        { address: 'lin.report', columns: [] },
        { address: 'lin.revenue', columns: [] },
      ]);
      expect(impact.unmappedDatasets).toBe(1);
      expect(impact.columnLineage).toBe(false);
      expect(impact.consumers.map((c) => `${c.email} ${c.product}`)).toEqual([
        'orders-reader@example.com lin.orders',
        'reader@example.com lin.report',
      ]);

      const byColumn = await productImpact(catalog.db, 'lin.orders', { column: 'amount_eur' });
      expect(byColumn.columnLineage).toBe(true);
      expect(byColumn.products).toEqual([
        { address: 'lin.board', columns: [] },
        { address: 'lin.report', columns: ['total'] },
        { address: 'lin.revenue', columns: ['amount'] },
      ]);
      expect((await productImpact(catalog.db, 'lin.orders', { column: 'nope' })).columnLineage).toBe(false);
      expect((await productImpact(catalog.db, 'lin.report')).products).toEqual([]);
      await expect(productImpact(catalog.db, 'lin.missing')).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('stores nothing of an event that fails half way', async () => {
      const before = await Promise.all([count('lineage_events'), count('lineage_datasets'), count('lineage_job_io')]);
      const bad = runEvent(
        'run-bad',
        'START',
        '2026-01-05T00:00:00Z',
        'bad',
        [ds('pg', 'public.half')],
        [
          // NUL cannot be stored in PostgreSQL text: the statement fails after the first writes.
          ds('pg', 'public.\u0000'),
        ],
      );
      await expect(ingest(bad)).rejects.toThrow();
      expect(await Promise.all([count('lineage_events'), count('lineage_datasets'), count('lineage_job_io')])).toEqual(
        before,
      );
    });
  });
}
