import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, createToken, ensureUser, openCatalog, upsertDomain } from '@meshwork/catalog';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'meshwork-web-root-'));
let catalog: Catalog;
let token: string;
const html = { accept: 'text/html,application/xhtml+xml' };

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Meshwork</title>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  catalog = await openCatalog();
  await upsertDomain(catalog.db, {
    name: 'marketing',
    description: 'm',
    isolation: 'schema',
    spec: { team: { name: 'Growth' } },
  });
  const user = await ensureUser(catalog.db, {
    name: 'Maya',
    email: 'maya@acme.example',
    role: 'owner',
    domain: 'marketing',
  });
  token = await createToken(catalog.db, user.id, 'test');
});
afterAll(async () => {
  await catalog.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the web UI and the dev sign-in', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createServer({
      catalog,
      logger: false,
      webRoot: root,
      devUsers: [{ label: 'a marketing owner', email: 'maya@acme.example', role: 'owner', domain: 'marketing', token }],
    });
  });
  afterAll(() => app.close());

  it('serves index.html at / and for pages the browser opens, the files themselves, and JSON 404s for the API', async () => {
    const home = await app.inject({ url: '/', headers: html });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<title>Meshwork</title>');
    const page = await app.inject({ url: '/products/marketing.customers', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect((await app.inject({ url: '/assets/index-abc.js' })).body).toBe('console.log(1)');
    const api = await app.inject({ url: '/api/v1/nope', headers: html });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    expect((await app.inject({ url: '/nope', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/nope', headers: html })).statusCode).toBe(404);
  });

  it('lists the dev users without a token, and the domains and product content with one', async () => {
    const users = await app.inject({ url: '/api/v1/dev/users' });
    expect(users.statusCode).toBe(200);
    expect(users.json().items).toEqual([
      { label: 'a marketing owner', email: 'maya@acme.example', role: 'owner', domain: 'marketing', token },
    ]);
    expect((await app.inject({ url: '/api/v1/domains' })).statusCode).toBe(401);
    const domains = await app.inject({ url: '/api/v1/domains', headers: { authorization: `Bearer ${token}` } });
    expect(domains.statusCode).toBe(200);
    expect(domains.json()).toEqual({ items: [] });
    const content = await app.inject({
      url: '/api/v1/products/marketing.customers/content',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(content.statusCode).toBe(404);
  });

  it('has no dev users and no UI unless asked', async () => {
    const bare = await createServer({ catalog, logger: false, webRoot: false });
    expect((await bare.inject({ url: '/api/v1/dev/users' })).statusCode).toBe(404);
    expect((await bare.inject({ url: '/', headers: html })).statusCode).toBe(404);
    await bare.close();
  });
});
