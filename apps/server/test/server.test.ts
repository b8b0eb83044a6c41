import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, createToken, deleteUser, ensureUser, listVersions } from '@meshwork/catalog';
import { PERSONAS, type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const acme = join(import.meta.dirname, '../../../examples/acme/domains/marketing/products/campaigns');
const descriptor = readFileSync(join(acme, 'product.yaml'), 'utf8');
const contract = readFileSync(join(acme, 'campaigns.odcs.yaml'), 'utf8');
const body = (overrides: Record<string, unknown> = {}) => ({
  version: '1.0.0',
  descriptor,
  contracts: [{ path: 'campaigns.odcs.yaml', text: contract }],
  docs: '# Campaigns',
  ...overrides,
});

let example: TestServer;
let catalog: Catalog;
let app: FastifyInstance;
/** The version's body with the descriptor saying the same version. */
const bodyAt = (version: string) =>
  body({ version, descriptor: descriptor.replace(/^version: .*$/m, `version: ${version}`) });

// The example's domains and the personas, with marketing.campaigns published three times (1.0.1 to 1.0.3) and
// nothing else: the tests below read it or try writes that change nothing; those that publish have their own.
beforeAll(async () => {
  example = await startServer({ publish: false });
  ({ catalog, app } = example);
  for (const version of ['1.0.1', '1.0.2', '1.0.3']) {
    expect((await call('POST', publishUrl, 'owner', bodyAt(version))).statusCode).toBe(201);
  }
});
afterAll(async () => {
  await example?.close();
});

const call = (method: 'GET' | 'POST', url: string, user?: PersonaKey, payload?: unknown, server = app) =>
  server.inject({
    method,
    url,
    ...(user ? { headers: { authorization: `Bearer ${example.tokens[user]}` } } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const publishUrl = '/api/v1/products/marketing.campaigns/versions';
const versionCount = async () => (await listVersions(catalog.db, 'marketing.campaigns')).length;

describe('API', () => {
  it('serves health and the OpenAPI 3.1 document without a token', async () => {
    expect((await call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const spec = (await call('GET', '/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/products', '/api/v1/products/{address}', '/api/v1/products/{address}/versions']),
    );
  });

  it.each([
    ['GET', '/api/v1/products'],
    ['GET', '/api/v1/products/marketing.campaigns'],
    ['GET', '/api/v1/products/marketing.campaigns/versions'],
    ['POST', publishUrl],
    ['GET', '/api/v1/me'],
  ] as const)('refuses %s %s without a token (401)', async (method, url) => {
    const response = await call(method, url, undefined, method === 'POST' ? body() : undefined);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  describe('publishing, each on a catalog of its own', () => {
    let own: TestServer;
    beforeEach(async () => {
      own = await startServer({ publish: false });
    });
    afterEach(async () => {
      await own?.close();
    });

    it.each([
      ['admin', 201],
      ['owner', 201],
      ['member', 201],
      ['financeOwner', 403],
      ['governance', 403],
      ['consumer', 403],
    ] as const)('publish as %s → %i', async (user, status) => {
      const response = await own.call(user, 'POST', publishUrl, bodyAt('1.0.0'));
      expect(response.statusCode).toBe(status);
      if (status === 403)
        expect(response.json().error.message).toMatch(
          /may not publish marketing\.campaigns; owners and members of marketing may/,
        );
      expect((await listVersions(own.catalog.db, 'marketing.campaigns')).length).toBe(status === 201 ? 1 : 0);
    });
  });

  it('lists, reads and shows versions to any signed-in user', async () => {
    const list = await call('GET', '/api/v1/products?limit=10', 'consumer');
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({
      address: 'marketing.campaigns',
      latestVersion: '1.0.3',
      domain: 'marketing',
    });
    const versions = await call('GET', '/api/v1/products/marketing.campaigns/versions', 'consumer');
    expect(versions.json().map((v: { version: string }) => v.version)).toEqual(['1.0.3', '1.0.2', '1.0.1']);
  });

  it('treats the same version and content as a no-op (200) and other content as a conflict (409)', async () => {
    const same = bodyAt('1.0.3');
    expect((await call('POST', publishUrl, 'owner', same)).statusCode).toBe(200);
    const changed = await call('POST', publishUrl, 'owner', { ...same, docs: '# changed' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('conflict');
  });

  it('answers bad input with 4xx naming the field, and writes nothing', async () => {
    const before = await versionCount();
    const cases: [unknown, number, RegExp][] = [
      [body({ version: 'one' }), 400, /body field "version" must match pattern/],
      [body({ extra: true }), 400, /body has unknown field "extra"/],
      [body({ contracts: 'nope' }), 400, /body field "contracts" must be array/],
      [body({ version: '2.0.0', descriptor: 'kind: [' }), 422, /does not validate; nothing was published/],
      [body({ version: '2.0.0' }), 400, /version 2.0.0 differs from the descriptor's version 1.0.0/],
      [{ ...body(), version: undefined }, 400, /body field "version"|must have required property 'version'/],
    ];
    for (const [payload, status, message] of cases) {
      const response = await call('POST', publishUrl, 'owner', payload);
      expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
      expect(response.json().error.message).toMatch(message);
    }
    const invalid = await call('POST', publishUrl, 'owner', body({ version: '2.0.0', descriptor: 'kind: [' }));
    expect(invalid.json().error.details.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line: 1 });
    const malformed = await app.inject({
      method: 'POST',
      url: publishUrl,
      headers: { authorization: `Bearer ${example.tokens.owner}`, 'content-type': 'application/json' },
      payload: '{"version": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toMatch(/not valid JSON/);
    const huge = await call('POST', publishUrl, 'owner', body({ docs: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(await versionCount()).toBe(before);
  });

  it('refuses ids that are not addresses (path traversal) with 400', async () => {
    for (const id of ['..%2F..%2Fetc%2Fpasswd', 'marketing.campaigns.x', 'MARKETING.x', 'a']) {
      const response = await call('GET', `/api/v1/products/${id}`, 'consumer');
      expect(response.statusCode, id).toBe(400);
      expect(response.json().error.details.field).toBe('address');
    }
    expect((await call('GET', '/api/v1/products/marketing.nope', 'consumer')).statusCode).toBe(404);
  });

  it('rejects the token of a deleted user', async () => {
    const user = await ensureUser(catalog.db, {
      name: 'gone',
      email: 'gone@acme.example',
      role: 'member',
      domain: 'marketing',
    });
    const token = await createToken(catalog.db, user.id, 'test');
    await deleteUser(catalog.db, user.id);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('searches with prefixes and facets, and validates the query', async () => {
    const found = await call('GET', '/api/v1/search?q=campa', 'consumer');
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      total: 1,
      items: [{ address: 'marketing.campaigns' }],
      facets: { domain: { marketing: 1 } },
    });
    expect((await call('GET', '/api/v1/search?q=budget', 'consumer')).json().total).toBe(1);
    expect((await call('GET', '/api/v1/search', 'consumer')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/search?q=x&limit=1000', 'consumer')).json().error.details.field).toBe('limit');
    expect((await call('GET', '/api/v1/search?q=x')).statusCode).toBe(401);
  });

  it('lets a user create, list and revoke their own tokens; the new token works until revoked', async () => {
    const created = await call('POST', '/api/v1/tokens', 'member', { label: 'ci', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ email: PERSONAS.member.email });
    const list = await call('GET', '/api/v1/tokens', 'member');
    expect(list.json().map((t: { label: string }) => t.label)).toContain('ci');
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: '/api/v1/tokens/ci',
          headers: { authorization: `Bearer ${example.tokens.member}` },
        })
      ).json(),
    ).toEqual({ revoked: 1 });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
    expect((await call('POST', '/api/v1/tokens', 'member', { label: 'bad label!' })).statusCode).toBe(400);
  });

  it('serves Prometheus metrics to admins and the governance group only', async () => {
    expect((await call('GET', '/api/v1/products', 'consumer')).statusCode).toBe(200);
    const metrics = await call('GET', '/metrics', 'governance');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(
      /meshwork_http_requests_total\{method="GET",route="\/api\/v1\/products",status="200"\} \d+/,
    );
    expect((await call('GET', '/metrics', 'consumer')).statusCode).toBe(403);
    expect((await call('GET', '/metrics')).statusCode).toBe(401);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await call('GET', '/api/v1/nothing', 'consumer');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toMatch(/\/openapi\.json/);
  });

  describe('endpoint × role matrix', () => {
    const roles = ['admin', 'governance', 'owner', 'member', 'financeOwner', 'consumer', 'none'] as const;
    const reads = [
      '/api/v1/me',
      '/api/v1/products',
      '/api/v1/products/marketing.campaigns',
      '/api/v1/products/marketing.campaigns/versions',
      '/api/v1/products/marketing.campaigns/checks',
      '/api/v1/products/marketing.campaigns/builds',
      '/api/v1/products/marketing.campaigns/sla',
      '/api/v1/search?q=camp',
      '/api/v1/tokens',
    ];
    const expected: Record<string, Record<(typeof roles)[number], number>> = {
      ...Object.fromEntries(
        reads.map((url) => [
          `GET ${url}`,
          { admin: 200, governance: 200, owner: 200, member: 200, financeOwner: 200, consumer: 200, none: 401 },
        ]),
      ),
      'GET /metrics': {
        admin: 200,
        governance: 200,
        owner: 403,
        member: 403,
        financeOwner: 403,
        consumer: 403,
        none: 401,
      },
      [`POST ${publishUrl}`]: {
        admin: 200,
        governance: 403,
        owner: 200,
        member: 200,
        financeOwner: 403,
        consumer: 403,
        none: 401,
      },
    };
    const cases = Object.entries(expected).flatMap(([route, byRole]) =>
      roles.map((role) => [route, role, byRole[role]] as const),
    );
    it.each(cases)('%s as %s → %i', async (route, role, status) => {
      const [method, url] = route.split(' ') as ['GET' | 'POST', string];
      // Re-publishing the current version with its content is a no-op (200) for whoever may publish.
      const payload = method === 'POST' ? bodyAt('1.0.3') : undefined;
      const response = await call(method, url, role === 'none' ? undefined : role, payload);
      expect(response.statusCode, response.body).toBe(status);
    });
  });
});
