import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, openCatalog, upsertDomain } from '@meshwork/catalog';
import { PERSONAS, seedPersonas } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'meshwork-web-root-'));
let catalog: Catalog;
let token: string;
const { label, email, role, domain } = PERSONAS.owner;
const devUser = { label, email, role, domain };
const html = { accept: 'text/html,application/xhtml+xml' };

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>Meshwork</title></head></html>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  catalog = await openCatalog();
  await upsertDomain(catalog.db, {
    name: 'marketing',
    description: 'm',
    isolation: 'schema',
    spec: { team: { name: 'Growth' } },
  });
  ({ owner: token } = await seedPersonas(catalog, ['owner']));
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
      devUsers: [{ ...devUser, token }],
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

  it('sends a CSP, no framing, nosniff and no referrer with the UI, its files and the API', async () => {
    // Real HTTP: what a browser gets, through the same hooks as every response.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${address}${path}`, { headers });
    const pages = [
      await get('/', html),
      await get('/products/marketing.customers', html),
      await get('/index.html', html),
    ];
    const nonces = [];
    for (const page of pages) {
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const csp = page.headers.get('content-security-policy') ?? '';
      // No inline script at all; the one style element (CodeMirror's) only with this response's nonce.
      expect(csp).toContain("script-src 'self';");
      expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='/);
      expect(csp.match(/'unsafe-inline'/g)).toEqual(["'unsafe-inline'"]);
      expect(csp).toContain("style-src-attr 'unsafe-inline'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(await page.text()).toContain(`<meta property="csp-nonce" nonce="${nonce}" />`);
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(pages.length);
    const others = [
      await get('/assets/index-abc.js'),
      await get('/api/v1/domains', { authorization: `Bearer ${token}` }),
      await get('/api/v1/domains'),
      await get('/nope', { accept: 'application/json' }),
      await get('/healthz'),
    ];
    for (const response of [...pages, ...others]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    for (const response of others) {
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      );
    }
    expect(others.map((r) => r.status)).toEqual([200, 200, 401, 404, 200]);
    // A 304 replaces a cached response's headers: a file revalidated keeps a policy the UI works under.
    const etag = others[0]?.headers.get('etag') ?? '';
    // fetch would add cache-control: no-cache to a conditional request, which always gets the whole file.
    const revalidated = await get('/assets/index-abc.js', { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lists the dev users without a token, and the domains and product content with one', async () => {
    const users = await app.inject({ url: '/api/v1/dev/users' });
    expect(users.statusCode).toBe(200);
    expect(users.json().items).toEqual([{ ...devUser, token }]);
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
