import {
  appendAudit,
  type Catalog,
  createToken,
  ensureUser,
  openCatalog,
  type Role,
  upsertDomain,
} from '@meshwork/catalog';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

let catalog: Catalog;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  catalog = await openCatalog();
  await upsertDomain(catalog.db, { name: 'marketing', description: 'marketing', isolation: 'schema', spec: {} });
  const users: [string, Role, string | null][] = [
    ['admin', 'admin', null],
    ['governance', 'governance', null],
    ['owner', 'owner', 'marketing'],
    ['member', 'member', 'marketing'],
    ['consumer', 'consumer', null],
  ];
  for (const [name, role, domain] of users) {
    const user = await ensureUser(catalog.db, { name, email: `${name}@acme.example`, role, domain });
    tokens[name] = await createToken(catalog.db, user.id, 'test');
  }
  const entries: [string, string, string, 'ok' | 'refused' | 'failed', string][] = [
    ['owner@acme.example', 'publish', 'marketing.campaigns', 'ok', '2026-03-01T09:00:00Z'],
    ['consumer@acme.example', 'query', 'marketing.campaigns,marketing.customers', 'ok', '2026-03-02T09:00:00Z'],
    ['consumer@acme.example', 'query', 'marketing.customers', 'refused', '2026-03-03T09:00:00Z'],
    ['consumer@acme.example', 'access.request', 'marketing.customers', 'ok', '2026-03-04T09:00:00Z'],
    ['owner@acme.example', 'access.approve', 'marketing.customers', 'ok', '2026-03-05T09:00:00Z'],
    ['consumer@acme.example', 'query', 'marketing.customers_eu', 'failed', '2026-03-06T09:00:00Z'],
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
  app = await createServer({ catalog, logger: false });
});
afterAll(async () => {
  await app.close();
  await catalog.close();
});

const get = (query: string, user = 'governance') =>
  app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: { authorization: `Bearer ${tokens[user]}` } });
const summary = async (query: string) =>
  (await get(query))
    .json()
    .items.map((e: { action: string; target: string; outcome: string }) => [e.action, e.target, e.outcome].join(' '));

describe('GET /api/v1/audit', () => {
  it('lists the log newest first for admins and the governance group', async () => {
    for (const user of ['admin', 'governance']) {
      const response = await get('', user);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.next).toBeNull();
      expect(page.items).toHaveLength(6);
      expect(page.items[0]).toEqual({
        id: expect.stringMatching(/^[0-9]+$/),
        at: '2026-03-06T09:00:00.000Z',
        actor: 'consumer@acme.example',
        action: 'query',
        target: 'marketing.customers_eu',
        outcome: 'failed',
        requestId: 'req-06',
        details: { sql: '…' },
      });
    }
  });

  it.each(['owner', 'member', 'consumer'])('refuses %s (403), whatever the query', async (user) => {
    for (const query of ['', '?limit=0']) {
      const response = await get(query, user);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toBe('the audit log is for admins and the governance group');
    }
  });

  it('filters by user, action, outcome and time', async () => {
    expect(await summary('?user=owner@acme.example')).toEqual([
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
