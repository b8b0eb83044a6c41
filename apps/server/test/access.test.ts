import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, listAudit, listEvents } from '@meshwork/catalog';
import type { Governance } from '@meshwork/governance';
import { type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer, principalOf, productResource } from '../src/index.js';

let example: TestServer;
let catalog: Catalog;
let governance: Governance;
let app: FastifyInstance;
let bare: FastifyInstance;
const logDir = mkdtempSync(join(tmpdir(), 'meshwork-access-'));
let logFile: string;
let run = 0;

// Each test gets a fresh catalog with the example mesh (marketing.web_sessions retired) and a server with the
// mesh's governance logging to a file of its own, so no test sees another's requests, grants or events.
beforeEach(async () => {
  logFile = join(logDir, `server-${++run}.log`);
  example = await startServer({
    governance: true,
    logger: logFile,
    publish: { status: { 'marketing.web_sessions': 'retired' } },
  });
  ({ catalog, governance, app } = example);
  bare = await createServer({ catalog, logger: false, webRoot: false });
});
afterEach(async () => {
  await bare?.close();
  await example?.close();
});
afterAll(() => {
  rmSync(logDir, { recursive: true, force: true });
});

const call = (user: PersonaKey, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, server = app) =>
  server.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${example.tokens[user]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const PURPOSE = 'Reconcile invoices with the customers marketing acquired, for the quarterly close.';
const ask = (user: PersonaKey, body: Record<string, unknown>) =>
  call(user, 'POST', '/access/requests', { purpose: PURPOSE, expiresInDays: 90, ...body });
const audit = async () =>
  (await listAudit(catalog.db, { action: 'access.*', limit: 10_000 })).items
    .reverse()
    .map((r) => `${r.action} ${r.actor} ${r.target} ${r.outcome}`);

/** The finance analyst asks to see marketing.customers' e-mail and name unmasked; the marketing owner approves. */
async function approvedCustomers(): Promise<{ requestId: string; grantId: string }> {
  const asked = await ask('consumer', { product: 'marketing.customers', columns: ['email', 'full_name'] });
  expect(asked.statusCode).toBe(201);
  const requestId: string = asked.json().request.id;
  const approved = await call('owner', 'POST', `/access/requests/${requestId}/approve`, { note: 'Q3 close only' });
  expect(approved.statusCode).toBe(200);
  return { requestId, grantId: approved.json().grant.id };
}

/**
 * Every step an access request can take, in order: a PII request approved, a confidential one rejected, an
 * internal one approved at once, both grants revoked (by the owner, then by the grantee), and a finance
 * engineer's request on behalf of finance.revenue_by_channel left pending.
 */
async function walkEveryStep(): Promise<void> {
  const { grantId } = await approvedCustomers();
  const campaigns = await ask('consumer', { product: 'marketing.campaigns' });
  const rejected = await call('owner', 'POST', `/access/requests/${campaigns.json().request.id}/reject`, {});
  expect(rejected.statusCode).toBe(200);
  const attribution = await ask('consumer', { product: 'marketing.attribution' });
  expect(attribution.json().request.status).toBe('approved');
  expect((await call('owner', 'DELETE', `/access/grants/${grantId}`)).statusCode).toBe(200);
  expect((await call('consumer', 'DELETE', `/access/grants/${attribution.json().grant.id}`)).statusCode).toBe(200);
  const onBehalf = await ask('financeMember', {
    product: 'marketing.customers',
    columns: ['email'],
    consumerProduct: 'finance.revenue_by_channel',
  });
  expect(onBehalf.statusCode).toBe(201);
}

describe('the Cedar principal and resource', () => {
  it('builds the principal from the user and the resource from the catalog and the taxonomy', async () => {
    const me = (await call('consumer', 'GET', '/me')).json();
    expect(principalOf(me)).toEqual({
      email: 'fatima.ali@acme.example',
      domain: 'finance',
      roles: ['consumer'],
      clearance: 'confidential',
    });
    const customers = await productResource(catalog, governance.access, 'marketing.customers');
    expect(customers).toMatchObject({
      address: 'marketing.customers',
      domain: 'marketing',
      status: 'active',
      isolation: 'schema',
      classification: 'pii',
    });
    expect(customers.columns).toContainEqual({ name: 'email', classification: 'pii' });
    expect(customers.columns).toContainEqual({ name: 'country', classification: 'internal' });
    expect((await productResource(catalog, governance.access, 'marketing.attribution')).classification).toBe(
      'internal',
    );
    expect((await productResource(catalog, governance.access, 'marketing.campaigns')).classification).toBe(
      'confidential',
    );
    expect(await productResource(catalog, governance.access, 'finance.revenue_by_channel')).toMatchObject({
      isolation: 'account',
      classification: 'confidential',
    });
    await expect(productResource(catalog, governance.access, 'marketing.nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});

describe('access requests and grants', () => {
  it('takes a finance analyst’s request for PII-holding marketing.customers as pending; the marketing owner approves it into an active grant', async () => {
    const asked = await ask('consumer', { product: 'marketing.customers', columns: ['email', 'full_name'] });
    expect(asked.statusCode).toBe(201);
    const { request, grant } = asked.json();
    expect(grant).toBeNull();
    expect(request).toMatchObject({
      product: 'marketing.customers',
      requesterEmail: 'fatima.ali@acme.example',
      requesterDomain: 'finance',
      columns: ['email', 'full_name'],
      purpose: PURPOSE,
      status: 'pending',
      decidedBy: null,
    });
    const days = (Date.parse(request.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const requestId = request.id;

    const pending = await call('owner', 'GET', '/access/requests?status=pending');
    expect(pending.json().items.map((r: { id: string }) => r.id)).toEqual([requestId]);

    const approved = await call('owner', 'POST', `/access/requests/${requestId}/approve`, { note: 'Q3 close only' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      request: {
        id: requestId,
        status: 'approved',
        decidedBy: 'maya.ortiz@acme.example',
        decisionNote: 'Q3 close only',
      },
      grant: {
        requestId,
        product: 'marketing.customers',
        granteeEmail: 'fatima.ali@acme.example',
        granteeDomain: 'finance',
        columns: ['email', 'full_name'],
        expiresAt: request.expiresAt,
        revokedAt: null,
        active: true,
      },
    });
    const grantId = approved.json().grant.id;
    const mine = await call('consumer', 'GET', '/access/grants?active=true');
    expect(mine.json().items.map((g: { id: string }) => g.id)).toEqual([grantId]);
    expect(await audit()).toEqual([
      'access.request fatima.ali@acme.example marketing.customers ok',
      'access.approve maya.ortiz@acme.example marketing.customers ok',
    ]);
  });

  it('refuses a second decision on a decided request with 409', async () => {
    const { requestId } = await approvedCustomers();
    const again = await call('owner', 'POST', `/access/requests/${requestId}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(
      new RegExp(
        `access request ${requestId} was already approved by maya.ortiz@acme.example at .*; a decided request is never changed`,
      ),
    );
    expect((await call('owner', 'POST', `/access/requests/${requestId}/reject`, {})).statusCode).toBe(409);
  });

  it('lets only the owners of the product’s domain approve or reject, saying who may', async () => {
    const asked = await ask('consumer', { product: 'marketing.campaigns' });
    expect(asked.json().request.status).toBe('pending'); // budget_eur is confidential: not auto-approved
    const id = asked.json().request.id;
    for (const user of ['consumer', 'member', 'financeOwner', 'governance'] as const) {
      const refused = await call(user, 'POST', `/access/requests/${id}/approve`, {});
      expect(refused.statusCode, user).toBe(403);
      expect(refused.json().error.message).toMatch(
        / may not approve marketing\.campaigns: (no policy permits it|forbidden by)/,
      );
      expect(refused.json().error.message).toContain(
        "; owners of marketing (and admins, where the mesh's policies permit it) decide requests for its products",
      );
    }
    expect((await call('financeOwner', 'POST', `/access/requests/${id}/reject`, {})).statusCode).toBe(403);
    // Cedar decides approvals: the example mesh's policies permit owners, not admins.
    const admin = await call('admin', 'POST', `/access/requests/${id}/approve`, {});
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error.message).toMatch(
      /^admin@acme\.example may not approve marketing\.campaigns: no policy permits it/,
    );
    expect((await call('owner', 'GET', `/access/requests?product=marketing.campaigns`)).json().items[0].status).toBe(
      'pending',
    );
    const rejected = await call('owner', 'POST', `/access/requests/${id}/reject`, { note: 'use revenue_by_channel' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      request: { status: 'rejected', decidedBy: 'maya.ortiz@acme.example', decisionNote: 'use revenue_by_channel' },
      grant: null,
    });
    expect((await call('owner', 'POST', `/access/requests/${id}/approve`, {})).statusCode).toBe(409);
  });

  it('approves a request for internal data without columns at once', async () => {
    const asked = await ask('consumer', { product: 'marketing.attribution' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({
      request: { status: 'approved', decidedBy: 'auto', decisionNote: 'auto-approved: internal data or lower' },
      grant: { product: 'marketing.attribution', granteeEmail: 'fatima.ali@acme.example', columns: [], active: true },
    });
    expect((await audit()).slice(-2)).toEqual([
      'access.request fatima.ali@acme.example marketing.attribution ok',
      'access.approve auto marketing.attribution ok',
    ]);
  });

  it('revokes a grant: owners of the domain, the grantee and admins may; twice is a conflict', async () => {
    const { grantId } = await approvedCustomers();
    expect((await ask('consumer', { product: 'marketing.attribution' })).json().grant.active).toBe(true);
    expect((await call('financeOwner', 'DELETE', `/access/grants/${grantId}`)).statusCode).toBe(403);
    expect((await call('member', 'DELETE', `/access/grants/${grantId}`)).json().error.message).toBe(
      `noah.becker@acme.example may not revoke grant ${grantId} on marketing.customers; owners of marketing, the grantee (fatima.ali@acme.example) and admins may`,
    );
    const revoked = await call('owner', 'DELETE', `/access/grants/${grantId}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: grantId, revokedBy: 'maya.ortiz@acme.example', active: false });
    expect((await call('owner', 'DELETE', `/access/grants/${grantId}`)).statusCode).toBe(409);
    const active = await call('consumer', 'GET', '/access/grants?active=true');
    expect(active.json().items.map((g: { product: string }) => g.product)).toEqual(['marketing.attribution']);
    const own = active.json().items[0].id;
    expect((await call('consumer', 'DELETE', `/access/grants/${own}`)).statusCode).toBe(200);
    expect((await call('consumer', 'GET', '/access/grants?active=true')).json().items).toEqual([]);
    expect((await call('consumer', 'GET', '/access/grants')).json().items).toHaveLength(2);
  });

  it('answers bad requests with 400 naming the field, unknown products with 404', async () => {
    const without = await call('consumer', 'POST', '/access/requests', {
      product: 'marketing.customers',
      expiresInDays: 30,
    });
    expect(without.statusCode).toBe(400);
    expect(without.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'purpose' } });
    const short = await ask('consumer', { product: 'marketing.customers', purpose: 'reports' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toBe('body field "purpose" must NOT have fewer than 10 characters');
    const blank = await ask('consumer', { product: 'marketing.customers', purpose: '            ' });
    expect(blank.json().error).toMatchObject({ details: { field: 'purpose' } });
    const unknown = await ask('consumer', { product: 'marketing.nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('product marketing.nope is not in the catalog');
    const typo = await ask('consumer', { product: 'marketing.customers', columns: ['full_nme'] });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error).toMatchObject({
      message: 'column "full_nme" is not in the latest contract of marketing.customers. Did you mean `full_name`?',
      details: { field: 'columns', column: 'full_nme', hint: 'Did you mean `full_name`?' },
    });
    const cleared = await ask('consumer', { product: 'marketing.customers', columns: ['country'] });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().error.message).toBe(
      'column "country" of marketing.customers is classified internal, which fatima.ali@acme.example (clearance confidential) already sees unmasked; list only columns above your clearance',
    );
    const past = await call('consumer', 'POST', '/access/requests', {
      product: 'marketing.customers',
      purpose: PURPOSE,
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({
      message: 'expiresAt 2020-01-01T00:00:00Z is in the past; access must end in the future',
      details: { field: 'expiresAt' },
    });
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString();
    expect(
      (await ask('consumer', { product: 'marketing.customers', expiresInDays: undefined, expiresAt: far })).json().error
        .details.field,
    ).toBe('expiresAt');
    expect(
      (await ask('consumer', { product: 'marketing.customers', expiresInDays: 366 })).json().error.details.field,
    ).toBe('expiresInDays');
    const both = await ask('consumer', { product: 'marketing.customers', expiresAt: far });
    expect(both.json().error.message).toBe('give expiresAt or expiresInDays, not both');
    const neither = await call('consumer', 'POST', '/access/requests', {
      product: 'marketing.customers',
      purpose: PURPOSE,
    });
    expect(neither.json().error.details.field).toBe('expiresAt');
    const notDate = await ask('consumer', {
      product: 'marketing.customers',
      expiresInDays: undefined,
      expiresAt: 'soon',
    });
    expect(notDate.json().error).toMatchObject({ details: { field: 'expiresAt' } });
    const extra = await ask('consumer', { product: 'marketing.customers', reason: 'x' });
    expect(extra.json().error.message).toBe('body has unknown field "reason"');
    expect((await call('owner', 'POST', '/access/requests/not-an-id/approve', {})).statusCode).toBe(400);
    const missing = await call('owner', 'POST', '/access/requests/00000000-0000-4000-8000-000000000000/approve', {});
    expect(missing.statusCode).toBe(404);
    expect((await call('owner', 'DELETE', '/access/grants/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('refuses a request the policies forbid with 403 and the deciding policies', async () => {
    const retired = await ask('consumer', { product: 'marketing.web_sessions' });
    expect(retired.statusCode).toBe(403);
    expect(retired.json().error).toMatchObject({
      message: expect.stringMatching(
        /^fatima\.ali@acme\.example may not request marketing\.web_sessions: forbidden by "retired-products-are-closed"/,
      ),
      details: { decision: 'deny', reasons: [{ policy: 'retired-products-are-closed', effect: 'forbid' }] },
    });
  });

  it('asks on behalf of a consumer product of the caller’s domain only', async () => {
    const body = { product: 'marketing.customers', columns: ['email'], consumerProduct: 'finance.revenue_by_channel' };
    const asked = await ask('financeMember', body);
    expect(asked.statusCode).toBe(201);
    expect(asked.json().request).toMatchObject({ consumerProduct: 'finance.revenue_by_channel', status: 'pending' });
    expect((await ask('consumer', body)).statusCode).toBe(403); // an analyst does not speak for the product
    expect((await ask('member', { ...body, consumerProduct: 'marketing.campaigns' })).json().error.details.field).toBe(
      'consumerProduct',
    );
    const unknown = await ask('financeMember', { ...body, consumerProduct: 'finance.nope' });
    expect(unknown.json().error).toMatchObject({
      message: 'consumerProduct finance.nope is not in the catalog; publish it first',
      details: { field: 'consumerProduct' },
    });
  });

  it('shows owners their domain’s requests, everyone else their own, admins and governance all', async () => {
    await walkEveryStep();
    const ids = async (user: PersonaKey, query = '') =>
      (await call(user, 'GET', `/access/requests${query}`)).json().items.map((r: { product: string }) => r.product);
    const all = await ids('governance');
    expect(all).toHaveLength(4);
    expect(await ids('admin')).toEqual(all);
    expect(await ids('owner')).toEqual(all); // every request is for marketing's products
    expect(await ids('owner', '?mine=true')).toEqual([]);
    expect(await ids('member')).toEqual([]);
    expect(await ids('financeOwner')).toEqual([]);
    expect(await ids('financeMember')).toEqual(['marketing.customers']);
    expect(await ids('consumer')).toEqual(['marketing.attribution', 'marketing.campaigns', 'marketing.customers']);
    expect(await ids('consumer', '?status=approved&product=marketing.customers')).toEqual(['marketing.customers']);
    const grants = async (user: PersonaKey) => (await call(user, 'GET', '/access/grants')).json().items.length;
    expect(await grants('owner')).toBe(2);
    expect(await grants('financeOwner')).toBe(0);
    expect(await grants('governance')).toBe(2);
    expect((await call('consumer', 'GET', '/access/requests?status=done')).statusCode).toBe(400);
  });

  it('raises an event in the log for every step', async () => {
    await walkEveryStep();
    await vi.waitFor(
      () => {
        const events = readFileSync(logFile, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .filter((l) => l.event)
          .map((l) => `${l.event} ${l.product}`);
        expect(events).toEqual([
          'access.requested marketing.customers',
          'access.approved marketing.customers',
          'access.requested marketing.campaigns',
          'access.rejected marketing.campaigns',
          'access.requested marketing.attribution',
          'access.approved marketing.attribution',
          'access.revoked marketing.customers',
          'access.revoked marketing.attribution',
          'access.requested marketing.customers',
        ]);
      },
      { timeout: 5000 },
    );
  });

  it('stores each step but the rejection as a change event (docs/events.md)', async () => {
    await walkEveryStep();
    const types = ['requested', 'granted', 'revoked'].map((t) => `dev.meshwork.access.${t}`);
    const events = await listEvents(catalog.db, { types, limit: 100 });
    expect(events.map((e) => `${e.type.replace('dev.meshwork.', '')} ${e.subject}`)).toEqual([
      'access.requested marketing.customers',
      'access.granted marketing.customers',
      'access.requested marketing.campaigns',
      'access.requested marketing.attribution',
      'access.granted marketing.attribution',
      'access.revoked marketing.customers',
      'access.revoked marketing.attribution',
      'access.requested marketing.customers',
    ]);
    expect(events[0]).toMatchObject({ domain: 'marketing', actor: 'fatima.ali@acme.example' });
  });

  it('answers 503 without the mesh’s governance: never access without policies', async () => {
    const { requestId, grantId } = await approvedCustomers();
    for (const [method, url] of [
      ['POST', '/access/requests'],
      ['GET', '/access/requests'],
      ['GET', '/access/grants'],
      ['POST', `/access/requests/${requestId}/approve`],
      ['DELETE', `/access/grants/${grantId}`],
    ] as const) {
      const response = await call('admin', method, url, method === 'POST' ? {} : undefined, bare);
      expect(response.statusCode, `${method} ${url}`).toBe(503);
      expect(response.json().error).toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining("access needs the mesh's governance; start the server with meshwork up"),
      });
    }
    expect((await bare.inject({ method: 'GET', url: '/api/v1/access/requests' })).statusCode).toBe(401);
  });
});
