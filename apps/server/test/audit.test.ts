import { appendAudit, type Catalog } from '@meshwork/catalog';
import { PERSONAS, type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Read-only tests over a log written once: one server for the suite.
let example: TestServer;
let catalog: Catalog;
const OWNER = PERSONAS.owner.email;
const CONSUMER = PERSONAS.consumer.email;

beforeAll(async () => {
  example = await startServer({ publish: false });
  catalog = example.catalog;
  const entries: [string, string, string, 'ok' | 'refused' | 'failed', string][] = [
    [OWNER, 'publish', 'marketing.campaigns', 'ok', '2026-03-01T09:00:00Z'],
    [CONSUMER, 'query', 'marketing.campaigns,marketing.customers', 'ok', '2026-03-02T09:00:00Z'],
    [CONSUMER, 'query', 'marketing.customers', 'refused', '2026-03-03T09:00:00Z'],
    [CONSUMER, 'access.request', 'marketing.customers', 'ok', '2026-03-04T09:00:00Z'],
    [OWNER, 'access.approve', 'marketing.customers', 'ok', '2026-03-05T09:00:00Z'],
    [CONSUMER, 'query', 'marketing.customers_eu', 'failed', '2026-03-06T09:00:00Z'],
  ];
  for (const [actor, action, target, outcome, at] of entries) {
    const requestId = `req-${at.slice(8, 10)}`;
    await appendAudit(catalog.db, {
      at: new Date(at),
      actor,
      action,
      target,
      outcome,
      requestId,
      details: { sql: '…' },
    });
  }
});
afterAll(async () => {
  await example?.close();
});

const get = (query: string, user: PersonaKey = 'governance') => example.call(user, 'GET', `/api/v1/audit${query}`);
const summary = async (query: string) =>
  (await get(query))
    .json()
    .items.map((e: { action: string; target: string; outcome: string }) => [e.action, e.target, e.outcome].join(' '));

describe('GET /api/v1/audit', () => {
  it('lists the log newest first for admins and the governance group', async () => {
    for (const user of ['admin', 'governance'] as const) {
      const response = await get('', user);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.next).toBeNull();
      expect(page.items).toHaveLength(6);
      expect(page.items[0]).toEqual({
        id: expect.stringMatching(/^[0-9]+$/),
        at: '2026-03-06T09:00:00.000Z',
        actor: CONSUMER,
        action: 'query',
        target: 'marketing.customers_eu',
        outcome: 'failed',
        requestId: 'req-06',
        details: { sql: '…' },
      });
    }
  });

  it.each(['owner', 'member', 'consumer'] as const)('refuses %s (403), whatever the query', async (user) => {
    for (const query of ['', '?limit=0']) {
      const response = await get(query, user);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toBe('the audit log is for admins and the governance group');
    }
  });

  it('filters by user, action, outcome and time', async () => {
    expect(await summary(`?user=${OWNER}`)).toEqual([
      'access.approve marketing.customers ok',
      'publish marketing.campaigns ok',
    ]);
    expect(await summary('?action=query&outcome=refused')).toEqual(['query marketing.customers refused']);
    expect(await summary('?action=access.*')).toEqual([
      'access.approve marketing.customers ok',
      'access.request marketing.customers ok',
    ]);
    expect(await summary('?from=2026-03-02&to=2026-03-03T09:00:00Z')).toEqual([
      'query marketing.campaigns,marketing.customers ok',
    ]);
  });

  it('matches a product as the target or as one of the products a query read', async () => {
    expect(await summary('?product=marketing.campaigns')).toEqual([
      'query marketing.campaigns,marketing.customers ok',
      'publish marketing.campaigns ok',
    ]);
    expect(await summary('?product=marketing.customers&action=query')).toEqual([
      'query marketing.customers refused',
      'query marketing.campaigns,marketing.customers ok',
    ]);
  });

  it('pages with limit and cursor', async () => {
    const first = (await get('?limit=4')).json();
    expect(first.items).toHaveLength(4);
    expect(first.next).toBe(first.items[3].id);
    const second = (await get(`?limit=4&cursor=${first.next}`)).json();
    expect(second.items.map((e: { at: string }) => e.at)).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-01T09:00:00.000Z',
    ]);
    expect(second.next).toBeNull();
  });

  it.each([
    ['?from=yesterday', 'from'],
    ['?to=2026-03-01T10:00', 'to'],
    ['?from=2026-03-05&to=2026-03-01', 'to'],
    ['?cursor=abc', 'cursor'],
    ['?outcome=maybe', 'outcome'],
    ['?limit=1000', 'limit'],
    ['?product=marketing', 'product'],
    ['?colour=red', 'colour'],
  ])('refuses %s with 400 naming the field', async (query, field) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_input', details: { field } });
  });
});
