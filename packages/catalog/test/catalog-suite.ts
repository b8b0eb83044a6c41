import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeGrantsOf,
  appendAudit,
  authenticate,
  type Catalog,
  chargebackUsage,
  checkRunHistory,
  createAccessRequest,
  createToken,
  decideAccessRequest,
  deleteUser,
  ensureUser,
  getProduct,
  listAccessRequests,
  listAudit,
  listGrants,
  listProducts,
  listVersions,
  monthPeriod,
  NO_DOMAIN,
  type PublishRequest,
  publishVersion,
  recordCheckRun,
  recordQuery,
  recordStorageSample,
  revokeGrant,
  revokeTokens,
  searchProducts,
  slaStatusOf,
  upsertDomain,
} from '../src/index.js';
import { declassificationsSuite } from './declassifications-suite.js';
import { eventsSuite } from './events-suite.js';
import { lineageSuite } from './lineage-suite.js';

/**
 * The catalog contract suite: every store (PGlite, PostgreSQL) must pass it unchanged. `open` returns a
 * fresh, empty catalog.
 */
export function catalogSuite(name: string, open: () => Promise<Catalog>): void {
  // The contract suite walks one catalog's life in order (publish, then conflict, audit, access, lineage, events)
  // on each store, and pays for one store per run (a schema on PostgreSQL): its tests keep their order while
  // every other suite runs shuffled.
  describe(`catalog on ${name}`, { shuffle: false }, () => {
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

    describe('chargeback usage', () => {
      // February 2011: 28 days, far from the "now" other tests write at.
      const at = (iso: string) => new Date(iso);
      const query = (
        userEmail: string,
        userDomain: string | null,
        when: string,
        bytesScanned: number,
        cpuMs: number,
        status: 'ok' | 'refused' = 'ok',
      ) =>
        recordQuery(catalog.db, {
          at: at(when),
          userEmail,
          userDomain,
          kind: 'query',
          products: ['sales.orders', 'sales.leads'],
          status,
          rows: 1,
          bytesScanned,
          cpuMs,
          durationMs: cpuMs / 2,
          sql: `SELECT ${bytesScanned}`,
        });
      beforeAll(async () => {
        await query('fin@example.com', 'finance', '2011-02-01T00:00:00Z', 1e12, 1_800_000);
        await query('fin@example.com', 'finance', '2011-02-14T12:00:00Z', 5e11, 3_600_000);
        await query('fin2@example.com', 'finance', '2011-02-28T23:59:59.999Z', 5e11, 900_000);
        await query('fin@example.com', 'finance', '2011-02-10T00:00:00Z', 9e12, 1, 'refused');
        await query('fin@example.com', 'finance', '2011-01-31T23:59:59.999Z', 7e12, 1);
        await query('fin@example.com', 'finance', '2011-03-01T00:00:00Z', 7e12, 1);
        await query('admin@example.com', null, '2011-02-03T00:00:00Z', 2e11, 360_000);
        await recordStorageSample(catalog.db, '2011-01-31', new Map([['sales', 8e9]]));
        await recordStorageSample(catalog.db, '2011-02-01', new Map([['sales', 2e9]]));
        await recordStorageSample(catalog.db, '2011-02-02', new Map([['sales', 1e9]]));
        // The last sample of a day wins.
        await recordStorageSample(catalog.db, '2011-02-02', new Map([['sales', 4e9]]));
        await recordStorageSample(catalog.db, '2011-03-01', new Map([['sales', 8e9]]));
      });

      it('sums the successful queries of each domain’s users and the samples of each domain, in the month only', async () => {
        const usage = await chargebackUsage(catalog.db, '2011-02');
        expect(usage.period).toMatchObject({ period: '2011-02', daysInMonth: 28 });
        expect(usage.domains).toEqual([
          {
            domain: 'finance',
            queries: 3,
            bytesScanned: 2e12,
            cpuMs: 6_300_000,
            daysSampled: 0,
            averageBytesStored: 0,
            byteDaysStored: 0,
          },
          {
            domain: 'sales',
            queries: 0,
            bytesScanned: 0,
            cpuMs: 0,
            daysSampled: 2,
            averageBytesStored: 3e9,
            byteDaysStored: 6e9,
          },
          {
            domain: NO_DOMAIN,
            queries: 1,
            bytesScanned: 2e11,
            cpuMs: 360_000,
            daysSampled: 0,
            averageBytesStored: 0,
            byteDaysStored: 0,
          },
        ]);
      });

      it('lists the top queries by bytes scanned, then CPU, with their users and products', async () => {
        const usage = await chargebackUsage(catalog.db, '2011-02', { top: 3 });
        expect(usage.topQueries.map((q) => [q.user, q.domain, q.bytesScanned, q.cpuMs])).toEqual([
          ['fin@example.com', 'finance', 1e12, 1_800_000],
          ['fin@example.com', 'finance', 5e11, 3_600_000],
          ['fin2@example.com', 'finance', 5e11, 900_000],
        ]);
        expect(usage.topQueries[0]).toMatchObject({
          products: ['sales.orders', 'sales.leads'],
          durationMs: 900_000,
          at: new Date('2011-02-01T00:00:00Z'),
          sql: 'SELECT 1000000000000',
        });
        expect((await chargebackUsage(catalog.db, '2011-02')).topQueries).toHaveLength(4);
      });

      it('answers an empty month with no domain, and refuses a period that is not YYYY-MM', async () => {
        expect(await chargebackUsage(catalog.db, '2099-12')).toMatchObject({ domains: [], topQueries: [] });
        expect(monthPeriod('2024-02').daysInMonth).toBe(29);
        expect(monthPeriod('2011-12').end).toEqual(new Date('2012-01-01T00:00:00Z'));
        for (const bad of ['2011-13', '2011-2', '11-02', '2011-02-01', '']) {
          await expect(chargebackUsage(catalog.db, bad)).rejects.toMatchObject({
            name: 'InputError',
            details: { field: 'period' },
          });
        }
      });
    });

    describe('audit log listing', () => {
      const actor = 'auditor@example.com';
      beforeAll(async () => {
        const entries: [string, string, 'ok' | 'refused', string][] = [
          ['query', 'sales.orders', 'ok', '2011-05-01T10:00:00Z'],
          ['query', 'sales.leads,sales.orders', 'refused', '2011-05-02T10:00:00Z'],
          ['query', 'sales.orders_eu', 'ok', '2011-05-03T10:00:00Z'],
          ['access.request', 'sales.orders', 'ok', '2011-05-04T10:00:00Z'],
          ['access.approve', 'sales.orders', 'ok', '2011-05-05T10:00:00Z'],
          ['accessXrequest', 'sales.orders', 'ok', '2011-05-06T10:00:00Z'],
        ];
        for (const [action, target, outcome, when] of entries) {
          await catalog.db
            .insertInto('audit_log')
            .values({ at: when, actor, action, target, outcome, request_id: `r-${when}`, details: '{"n":1}' })
            .execute();
        }
        await appendAudit(catalog.db, {
          actor: 'someone@example.com',
          action: 'query',
          target: 'sales.orders',
          outcome: 'ok',
        });
      });
      const targets = async (filter: Partial<Parameters<typeof listAudit>[1]>) =>
        (await listAudit(catalog.db, { actor, limit: 100, ...filter })).items.map((e) => `${e.action} ${e.target}`);

      it('lists newest first and filters by actor, action, outcome and time', async () => {
        const page = await listAudit(catalog.db, { actor, limit: 100 });
        expect(page.next).toBeNull();
        expect(page.items).toHaveLength(6);
        expect(page.items[0]).toMatchObject({
          actor,
          action: 'accessXrequest',
          outcome: 'ok',
          at: new Date('2011-05-06T10:00:00Z'),
          requestId: 'r-2011-05-06T10:00:00Z',
          details: { n: 1 },
        });
        expect(await targets({ action: 'query', outcome: 'refused' })).toEqual(['query sales.leads,sales.orders']);
        expect(await targets({ action: 'access.*' })).toEqual([
          'access.approve sales.orders',
          'access.request sales.orders',
        ]);
        expect(await targets({ from: new Date('2011-05-02T10:00:00Z'), to: new Date('2011-05-04T10:00:00Z') })).toEqual(
          ['query sales.orders_eu', 'query sales.leads,sales.orders'],
        );
        const everyone = await listAudit(catalog.db, { action: 'query', product: 'sales.orders', limit: 100 });
        expect(everyone.items.map((e) => e.actor)).toContain('someone@example.com');
      });

      it('matches a product as the target or an element of a list of targets, never a prefix', async () => {
        expect(await targets({ action: 'query', product: 'sales.orders' })).toEqual([
          'query sales.leads,sales.orders',
          'query sales.orders',
        ]);
        expect(await targets({ product: 'sales.leads' })).toEqual(['query sales.leads,sales.orders']);
        expect(await targets({ product: 'sales.order' })).toEqual([]);
        expect(await targets({ product: 'sales.orders_%' })).toEqual([]);
      });

      it('pages with a cursor until the log runs out', async () => {
        const seen: string[] = [];
        let before: string | undefined;
        let pages = 0;
        do {
          const page = await listAudit(catalog.db, { actor, limit: 4, ...(before ? { before } : {}) });
          seen.push(...page.items.map((e) => e.id));
          before = page.next ?? undefined;
          pages++;
        } while (before);
        expect(pages).toBe(2);
        expect(seen).toHaveLength(6);
        expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
      });
    });

    describe('access requests and grants', () => {
      const day = 86_400_000;
      let requester: { id: string; email: string; domain: string | null };
      beforeAll(async () => {
        await upsertDomain(catalog.db, { name: 'finance', description: 'Finance.', isolation: 'account', spec: {} });
        const user = await ensureUser(catalog.db, {
          name: 'Fatima',
          email: 'fatima@example.com',
          role: 'consumer',
          domain: 'finance',
        });
        requester = { id: user.id, email: user.email, domain: user.domain };
        await publishVersion(catalog.db, request({ address: 'sales.leads', contentHash: 'l1' }));
      });
      const ask = (overrides: { columns?: string[]; expiresAt?: Date; autoApprove?: { note: string } } = {}) =>
        createAccessRequest(catalog.db, {
          product: 'sales.leads',
          requester,
          purpose: 'Reconcile leads with invoices for the quarterly close.',
          expiresAt: new Date(Date.now() + 30 * day),
          ...overrides,
        });
      const auditOf = async (id: string) =>
        (
          await catalog.db
            .selectFrom('audit_log')
            .select(['action', 'actor', 'outcome', 'details'])
            .where('action', 'like', 'access.%')
            .orderBy('id')
            .execute()
        )
          .filter((r) => (r.details as { request?: string }).request === id)
          .map((r) => `${r.action} ${r.actor} ${r.outcome}`);

      it('gives users a clearance, internal unless set; ensureUser updates it when given', async () => {
        expect(
          (await ensureUser(catalog.db, { name: 'x', email: 'fatima@example.com', role: 'consumer' })).clearance,
        ).toBe('internal');
        const raised = await ensureUser(catalog.db, {
          name: 'x',
          email: 'fatima@example.com',
          role: 'consumer',
          clearance: 'confidential',
        });
        expect(raised.clearance).toBe('confidential');
        const token = await createToken(catalog.db, raised.id, 'clearance');
        expect(await authenticate(catalog.db, token)).toMatchObject({ clearance: 'confidential' });
      });

      it('takes a request pending, approves it into an active grant, and audits both in order', async () => {
        const { request: asked, grant: none } = await ask({ columns: ['email', 'email', 'name'] });
        expect(none).toBeNull();
        expect(asked).toMatchObject({
          status: 'pending',
          product: 'sales.leads',
          requesterEmail: 'fatima@example.com',
          requesterDomain: 'finance',
          columns: ['email', 'name'],
          decidedBy: null,
        });
        const { request: approved, grant } = await decideAccessRequest(
          catalog.db,
          asked.id,
          'approve',
          'ana@example.com',
          'for Q3 only',
        );
        expect(approved).toMatchObject({
          status: 'approved',
          decidedBy: 'ana@example.com',
          decisionNote: 'for Q3 only',
        });
        expect(approved.decidedAt).toBeInstanceOf(Date);
        expect(grant).toMatchObject({
          requestId: asked.id,
          product: 'sales.leads',
          granteeEmail: 'fatima@example.com',
          granteeDomain: 'finance',
          columns: ['email', 'name'],
          revokedAt: null,
        });
        expect(grant?.expiresAt.getTime()).toBe(asked.expiresAt.getTime());
        expect(await activeGrantsOf(catalog.db, 'fatima@example.com')).toEqual([
          {
            id: grant?.id,
            product: 'sales.leads',
            columns: ['email', 'name'],
            purpose: asked.purpose,
            expiresAt: asked.expiresAt,
          },
        ]);
        expect(await auditOf(asked.id)).toEqual([
          'access.request fatima@example.com ok',
          'access.approve ana@example.com ok',
        ]);
        expect((await listAccessRequests(catalog.db, { status: 'approved' })).map((r) => r.id)).toContain(asked.id);
      });

      it('rejects a request without a grant; a decided request is never decided again, nor changed by SQL', async () => {
        const { request: asked } = await ask();
        const { request: rejected, grant } = await decideAccessRequest(
          catalog.db,
          asked.id,
          'reject',
          'ana@example.com',
        );
        expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'ana@example.com', decisionNote: null });
        expect(grant).toBeNull();
        await expect(decideAccessRequest(catalog.db, asked.id, 'approve', 'ana@example.com')).rejects.toMatchObject({
          name: 'ConflictError',
          message: expect.stringMatching(
            /was already rejected by ana@example\.com at .*; a decided request is never changed/,
          ),
        });
        expect(await auditOf(asked.id)).toEqual([
          'access.request fatima@example.com ok',
          'access.reject ana@example.com ok',
          'access.approve ana@example.com refused',
        ]);
        expect((await listGrants(catalog.db, { product: 'sales.leads' })).some((g) => g.requestId === asked.id)).toBe(
          false,
        );
        await expect(
          sql`update access_requests set status = 'approved' where id = ${asked.id}`.execute(catalog.db),
        ).rejects.toThrow(/a decided request is never changed/);
        await expect(sql`delete from access_requests where id = ${asked.id}`.execute(catalog.db)).rejects.toThrow(
          /never deleted/,
        );
        await expect(
          decideAccessRequest(catalog.db, '00000000-0000-0000-0000-000000000000', 'approve', 'ana@example.com'),
        ).rejects.toMatchObject({ name: 'NotFoundError' });
      });

      it('approves automatically in the same transaction when asked to', async () => {
        const { request: asked, grant } = await ask({ autoApprove: { note: 'auto-approved: internal data or lower' } });
        expect(asked).toMatchObject({ status: 'approved', decidedBy: 'auto' });
        expect(grant?.requestId).toBe(asked.id);
        expect(await auditOf(asked.id)).toEqual(['access.request fatima@example.com ok', 'access.approve auto ok']);
      });

      it('refuses a request that expires in the past or names an unknown product, writing nothing', async () => {
        const before = (await listAccessRequests(catalog.db)).length;
        await expect(ask({ expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({
          name: 'InputError',
          details: { field: 'expiresAt' },
        });
        await expect(
          createAccessRequest(catalog.db, {
            product: 'sales.nope',
            requester,
            purpose: 'Reconcile.',
            expiresAt: new Date(Date.now() + day),
          }),
        ).rejects.toMatchObject({ name: 'NotFoundError' });
        expect(await listAccessRequests(catalog.db)).toHaveLength(before);
      });

      it('stops counting a grant once it expires', async () => {
        const { request: asked } = await ask({ expiresAt: new Date(Date.now() + day) });
        const { grant } = await decideAccessRequest(catalog.db, asked.id, 'approve', 'ana@example.com');
        const ids = async (now: Date) => (await activeGrantsOf(catalog.db, 'fatima@example.com', now)).map((g) => g.id);
        expect(await ids(new Date())).toContain(grant?.id);
        expect(await ids(new Date(Date.now() + 2 * day))).not.toContain(grant?.id);
        const active = await listGrants(catalog.db, { active: true, now: new Date(Date.now() + 2 * day) });
        expect(active.map((g) => g.id)).not.toContain(grant?.id);
        expect((await listGrants(catalog.db, { grantee: 'fatima@example.com' })).map((g) => g.id)).toContain(grant?.id);
      });

      it('revokes a grant once; it stays, inactive, with who revoked it', async () => {
        const { request: asked } = await ask();
        const { grant } = await decideAccessRequest(catalog.db, asked.id, 'approve', 'ana@example.com');
        const id = grant?.id as string;
        const revoked = await revokeGrant(catalog.db, id, 'ana@example.com');
        expect(revoked).toMatchObject({ id, revokedBy: 'ana@example.com' });
        expect(revoked.revokedAt).toBeInstanceOf(Date);
        expect((await activeGrantsOf(catalog.db, 'fatima@example.com')).map((g) => g.id)).not.toContain(id);
        await expect(revokeGrant(catalog.db, id, 'ana@example.com')).rejects.toMatchObject({
          name: 'ConflictError',
          message: expect.stringMatching(/already revoked by ana@example\.com/),
        });
        await expect(sql`delete from grants where id = ${id}`.execute(catalog.db)).rejects.toThrow(/never deleted/);
        await expect(
          sql`update grants set revoked_at = null, revoked_by = null where id = ${id}`.execute(catalog.db),
        ).rejects.toThrow(/a revoked grant is never changed/);
        const actions = await catalog.db
          .selectFrom('audit_log')
          .select(['action', 'outcome'])
          .where('action', '=', 'access.revoke')
          .execute();
        expect(actions.map((a) => a.outcome)).toEqual(['ok', 'refused']);
      });

      it('lets exactly one of 20 concurrent decisions on the same request win', async () => {
        const { request: asked } = await ask();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            decideAccessRequest(catalog.db, asked.id, i % 2 === 0 ? 'approve' : 'reject', `owner${i}@example.com`),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        expect(
          outcomes.every(
            (o) => o.status === 'fulfilled' || (o as PromiseRejectedResult).reason.name === 'ConflictError',
          ),
        ).toBe(true);
        const grants = (await listGrants(catalog.db, { product: 'sales.leads', limit: 1000 })).filter(
          (g) => g.requestId === asked.id,
        );
        const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof decideAccessRequest>>>).value;
        expect(grants).toHaveLength(winner.request.status === 'approved' ? 1 : 0);
      });

      it('lists requests and grants by product, requester, domain and involvement, newest first', async () => {
        const all = await listAccessRequests(catalog.db, { product: 'sales.leads' });
        expect(all.length).toBeGreaterThan(3);
        expect([...all].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())).toEqual(all);
        expect(await listAccessRequests(catalog.db, { domain: 'sales' })).toHaveLength(all.length);
        expect(await listAccessRequests(catalog.db, { domain: 'finance' })).toEqual([]);
        expect(await listAccessRequests(catalog.db, { requester: 'nobody@example.com' })).toEqual([]);
        expect(
          await listAccessRequests(catalog.db, { involving: { email: 'nobody@example.com', domain: 'sales' } }),
        ).toHaveLength(all.length);
        expect(
          await listAccessRequests(catalog.db, { involving: { email: 'fatima@example.com', domain: null } }),
        ).toHaveLength(all.length);
        expect(
          await listAccessRequests(catalog.db, { involving: { email: 'nobody@example.com', domain: null } }),
        ).toEqual([]);
        expect(await listAccessRequests(catalog.db, { product: 'sales.leads', limit: 2 })).toHaveLength(2);
        expect(await listGrants(catalog.db, { involving: { email: 'nobody@example.com', domain: 'finance' } })).toEqual(
          [],
        );
      });
    });
    eventsSuite(() => catalog);
    declassificationsSuite(() => catalog);
    // Last: its products, grants and audit entries must not change what the tests above count.
    lineageSuite(() => catalog);
  });
}
