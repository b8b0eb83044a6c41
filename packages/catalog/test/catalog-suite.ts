import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  type Catalog,
  checkRunHistory,
  createToken,
  deleteUser,
  ensureUser,
  getProduct,
  listProducts,
  listVersions,
  type PublishRequest,
  publishVersion,
  recordCheckRun,
  revokeTokens,
  searchProducts,
  slaStatusOf,
  upsertDomain,
} from '../src/index.js';

/**
 * The catalog contract suite: every store (PGlite, PostgreSQL) must pass it unchanged. `open` returns a
 * fresh, empty catalog.
 */
export function catalogSuite(name: string, open: () => Promise<Catalog>): void {
  describe(`catalog on ${name}`, () => {
    let catalog: Catalog;
    beforeAll(async () => {
      catalog = await open();
      await upsertDomain(catalog.db, {
        name: 'sales',
        description: 'Sales.',
        isolation: 'schema',
        spec: { name: 'sales' },
      });
    });
    afterAll(() => catalog.close());

    const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
      address: 'sales.orders',
      domain: 'sales',
      name: 'Orders',
      description: 'Every order.',
      status: 'active',
      version: '1.0.0',
      contentHash: 'h1',
      descriptor: { id: 'orders' },
      contracts: [{ id: 'urn:sales:orders' }],
      docs: '# Orders',
      publishedBy: 'tester',
      ...overrides,
    });
    const versions = async (address: string) => (await listVersions(catalog.db, address)).map((v) => v.version);

    it('publishes immutable versions; the same content again is a no-op', async () => {
      expect(await publishVersion(catalog.db, request())).toEqual({
        status: 'published',
        address: 'sales.orders',
        version: '1.0.0',
        changes: [],
        affectedConsumers: [],
      });
      expect((await publishVersion(catalog.db, request())).status).toBe('unchanged');
      expect(await getProduct(catalog.db, 'sales.orders')).toMatchObject({ latestVersion: '1.0.0', domain: 'sales' });
    });

    it('refuses different content under an existing version, an older version and a stale expectation, writing nothing', async () => {
      await expect(publishVersion(catalog.db, request({ contentHash: 'other' }))).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'sales.orders 1.0.0 is already published with different content; versions are immutable, publish a new version',
      });
      await publishVersion(catalog.db, request({ version: '1.2.0', contentHash: 'h2' }));
      await expect(publishVersion(catalog.db, request({ version: '1.1.0', contentHash: 'h3' }))).rejects.toMatchObject({
        message: 'version 1.1.0 of sales.orders is not greater than the latest, 1.2.0',
      });
      await expect(
        publishVersion(catalog.db, request({ version: '1.3.0', contentHash: 'h4', expectedLatest: '1.0.0' })),
      ).rejects.toMatchObject({ name: 'ConflictError', details: { expected: '1.0.0', latest: '1.2.0' } });
      expect(await versions('sales.orders')).toEqual(['1.2.0', '1.0.0']);
    });

    it('audits every publish, refused ones too', async () => {
      const rows = await catalog.db
        .selectFrom('audit_log')
        .select(['action', 'target', 'outcome'])
        .orderBy('id')
        .execute();
      expect(rows.filter((r) => r.outcome === 'ok').map((r) => r.target)).toEqual([
        'sales.orders@1.0.0',
        'sales.orders@1.2.0',
      ]);
      expect(rows.filter((r) => r.outcome === 'refused')).toHaveLength(3);
    });

    it('keeps versions and the audit log append-only even against direct SQL', async () => {
      await expect(sql`update product_versions set docs = 'changed'`.execute(catalog.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_log`.execute(catalog.db)).rejects.toThrow(/append-only/);
    });

    it('lets exactly one of 100 concurrent publishes of the same version win; no update is lost', async () => {
      const attempts = Array.from({ length: 100 }, (_, i) =>
        publishVersion(
          catalog.db,
          request({ address: 'sales.race', version: '1.0.0', contentHash: `c${i}`, expectedLatest: null }),
        ),
      );
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((o) => (o as PromiseRejectedResult).reason.name === 'ConflictError')).toBe(true);
      expect(await versions('sales.race')).toEqual(['1.0.0']);
      const next = Array.from({ length: 100 }, (_, i) =>
        publishVersion(
          catalog.db,
          request({ address: 'sales.race', version: `1.${i + 1}.0`, contentHash: `n${i}`, expectedLatest: '1.0.0' }),
        ),
      );
      const settled = await Promise.allSettled(next);
      expect(settled.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await versions('sales.race')).toHaveLength(2);
    });

    it('pages products with a cursor', async () => {
      for (const id of ['a', 'b', 'c']) await publishVersion(catalog.db, request({ address: `sales.p_${id}` }));
      const first = await listProducts(catalog.db, { limit: 2, domain: 'sales' });
      expect(first.items.map((p) => p.address)).toEqual(['sales.orders', 'sales.p_a']);
      const second = await listProducts(catalog.db, { limit: 2, domain: 'sales', after: first.next ?? '' });
      expect(second.items.map((p) => p.address)).toEqual(['sales.p_b', 'sales.p_c']);
      const third = await listProducts(catalog.db, { limit: 2, domain: 'sales', after: second.next ?? '' });
      expect(third).toEqual({ items: [expect.objectContaining({ address: 'sales.race' })], next: null });
    });

    it('refuses a breaking change without a major version, naming the changes and the consumers', async () => {
      const contract = (properties: { name: string; logicalType: string }[]) => [
        { id: 'urn:sales:gate', schema: [{ name: 'gate', properties }] },
      ];
      const v1 = contract([
        { name: 'id', logicalType: 'integer' },
        { name: 'amount', logicalType: 'number' },
      ]);
      await publishVersion(catalog.db, request({ address: 'sales.gate', contracts: v1, contentHash: 'g1' }));
      await publishVersion(
        catalog.db,
        request({
          address: 'sales.reader',
          contentHash: 'r1',
          descriptor: { inputPorts: [{ name: 'gate', product: 'sales.gate' }] },
        }),
      );
      const v2 = contract([{ name: 'id', logicalType: 'integer' }]);
      const refused = publishVersion(
        catalog.db,
        request({ address: 'sales.gate', version: '1.1.0', contracts: v2, contentHash: 'g2' }),
      );
      await expect(refused).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'sales.gate 1.1.0 makes 1 breaking change to 1.0.0 without a new major version; it would break sales.reader',
        details: {
          breakingChanges: [
            {
              code: 'property-removed',
              severity: 'breaking',
              location: 'gate.amount',
              message: 'property gate.amount was removed',
            },
          ],
          consumers: ['sales.reader'],
          requiredVersion: '2.0.0',
        },
      });
      expect(await versions('sales.gate')).toEqual(['1.0.0']);
      const accepted = await publishVersion(
        catalog.db,
        request({ address: 'sales.gate', version: '2.0.0', contracts: v2, contentHash: 'g2' }),
      );
      expect(accepted).toMatchObject({ status: 'published', affectedConsumers: ['sales.reader'] });
      const additive = contract([
        { name: 'id', logicalType: 'integer' },
        { name: 'note', logicalType: 'string' },
      ]);
      const minor = await publishVersion(
        catalog.db,
        request({ address: 'sales.gate', version: '2.1.0', contracts: additive, contentHash: 'g3' }),
      );
      expect(minor.changes.map((c) => c.code)).toEqual(['property-added']);
    });

    it('searches names, tags, purposes, columns and docs with prefixes, ranking and facets', async () => {
      const publish = (
        address: string,
        tags: string[],
        purpose: string,
        column: string,
        classification: string,
        docs: string,
      ) =>
        publishVersion(
          catalog.db,
          request({
            address,
            contentHash: address,
            descriptor: { name: address, tags, description: { purpose }, owner: 'ana@example.com' },
            contracts: [
              { id: `urn:${address}`, schema: [{ name: 't', properties: [{ name: column, classification }] }] },
            ],
            docs,
          }),
        );
      await publish(
        'sales.attribution',
        ['marketing', 'channels'],
        'Last-touch attribution of conversions.',
        'campaign_id',
        'internal',
        '# Attribution',
      );
      await publish(
        'sales.customers',
        ['gdpr'],
        'Every customer who signed up.',
        'email_address',
        'pii',
        'Customers and their attribution source.',
      );
      const typed = await searchProducts(catalog.db, { q: 'attrib' });
      expect(typed.items.map((h) => h.address)).toEqual(['sales.attribution', 'sales.customers']);
      expect(typed.items[0]?.rank).toBeGreaterThan(typed.items[1]?.rank ?? 0);
      expect(typed.facets).toMatchObject({
        domain: { sales: 2 },
        tag: { marketing: 1, gdpr: 1 },
        classification: { internal: 1, pii: 1 },
      });
      expect((await searchProducts(catalog.db, { q: 'email' })).items.map((h) => h.address)).toEqual([
        'sales.customers',
      ]);
      expect((await searchProducts(catalog.db, { q: 'customers signed' })).total).toBe(1);
      expect(
        (await searchProducts(catalog.db, { q: 'attrib', classification: 'pii' })).items.map((h) => h.address),
      ).toEqual(['sales.customers']);
      expect((await searchProducts(catalog.db, { q: "'; drop table products; --" })).total).toBe(0);
      expect(await searchProducts(catalog.db, { q: '   ' })).toMatchObject({ total: 0, items: [] });
    });

    it('keeps check-run history and moves the SLA status change time only when the status changes', async () => {
      const run = (status: 'met' | 'breached', at: string) =>
        recordCheckRun(catalog.db, {
          address: 'sales.orders',
          startedAt: new Date(at),
          finishedAt: new Date(at),
          trigger: 'schedule',
          rows: 10,
          results: [{ status: status === 'met' ? 'passed' : 'failed', origin: 'sla' }],
          sla: { status, details: {} },
        });
      await run('met', '2026-01-01T00:00:00Z');
      await run('met', '2026-01-01T01:00:00Z');
      expect(await slaStatusOf(catalog.db, 'sales.orders')).toMatchObject({
        status: 'met',
        changedAt: '2026-01-01T00:00:00.000Z',
        checkedAt: '2026-01-01T01:00:00.000Z',
      });
      await run('breached', '2026-01-01T02:00:00Z');
      expect(await slaStatusOf(catalog.db, 'sales.orders')).toMatchObject({
        status: 'breached',
        changedAt: '2026-01-01T02:00:00.000Z',
      });
      const history = await checkRunHistory(catalog.db, 'sales.orders', 2);
      expect(history.map((r) => [r.finishedAt, r.passed, r.failed])).toEqual([
        ['2026-01-01T02:00:00.000Z', 0, 1],
        ['2026-01-01T01:00:00.000Z', 1, 0],
      ]);
    });

    it('reports a missing product as NotFoundError', async () => {
      await expect(getProduct(catalog.db, 'sales.nope')).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it("stores tokens hashed; revoked, expired and deleted users' tokens stop working", async () => {
      const user = await ensureUser(catalog.db, {
        name: 'Ana',
        email: 'ana@example.com',
        role: 'owner',
        domain: 'sales',
      });
      const token = await createToken(catalog.db, user.id, 'cli');
      expect(token).toMatch(/^mw_[A-Za-z0-9_-]{43}$/);
      expect(await authenticate(catalog.db, token)).toEqual(user);
      const stored = await catalog.db.selectFrom('tokens').select('hash').execute();
      expect(stored.some((r) => r.hash.includes(token) || token.includes(r.hash))).toBe(false);
      expect(await authenticate(catalog.db, `${token}x`)).toBeUndefined();
      expect(await revokeTokens(catalog.db, user.id, 'cli')).toBe(1);
      expect(await authenticate(catalog.db, token)).toBeUndefined();
      const expired = await createToken(catalog.db, user.id, 'old', new Date(Date.now() - 1000));
      expect(await authenticate(catalog.db, expired)).toBeUndefined();
      const fresh = await createToken(catalog.db, user.id, 'new');
      await deleteUser(catalog.db, user.id);
      expect(await authenticate(catalog.db, fresh)).toBeUndefined();
    });
  });
}
