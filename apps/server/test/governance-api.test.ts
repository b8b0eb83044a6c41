import { type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

let example: TestServer;
let app: FastifyInstance;
let bare: FastifyInstance;
let tokens: Record<PersonaKey, string>;

// Read-only tests: one server for the suite. Nothing is built: the findings read the mesh's files, the graph
// the catalog.
beforeAll(async () => {
  example = await startServer({ governance: true, dataPlane: true });
  ({ app, tokens } = example);
  bare = await createServer({ catalog: example.catalog, logger: false, webRoot: false });
});
afterAll(async () => {
  await bare?.close();
  await example?.close();
});

const get = (url: string, who: PersonaKey = 'governance', server = app) =>
  server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });

describe('GET /api/v1/governance', () => {
  it('lists the rules in force per domain, with their owner and file, and the Cedar policies', async () => {
    const response = await get('/api/v1/governance', 'consumer');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.global.length).toBeGreaterThan(0);
    expect(body.global.every((r: { owner: string }) => r.owner === 'global')).toBe(true);
    const marketing = body.domains.find((d: { domain: string }) => d.domain === 'marketing');
    expect(marketing.rules).toContainEqual(
      expect.objectContaining({
        id: 'marketing-consent-with-contact-data',
        owner: 'marketing',
        file: expect.stringContaining('domains/marketing/rules/'),
        line: expect.any(Number),
      }),
    );
    expect(marketing.rules).toContainEqual(expect.objectContaining({ id: 'product-tagged', owner: 'global' }));
    expect(body.policies.length).toBeGreaterThan(0);
    expect(body.policies).toContainEqual(
      expect.objectContaining({ effect: expect.stringMatching(/^(permit|forbid)$/), owner: 'marketing' }),
    );
    expect(body.policies.every((p: { file: string; line: number }) => p.file.endsWith('.cedar') && p.line > 0)).toBe(
      true,
    );
  });

  it('marks a global rule a domain tightened', async () => {
    const body = (await get('/api/v1/governance')).json();
    const finance = body.domains.find((d: { domain: string }) => d.domain === 'finance');
    expect(finance.rules).toContainEqual(
      expect.objectContaining({ id: 'naming-product-id', owner: 'global', severity: 'error', tightened: true }),
    );
    const marketing = body.domains.find((d: { domain: string }) => d.domain === 'marketing');
    expect(marketing.rules.find((r: { id: string }) => r.id === 'naming-product-id').tightened).toBe(false);
  });

  it('answers 503 in words without governance', async () => {
    const response = await get('/api/v1/governance', 'governance', bare);
    expect(response.statusCode).toBe(503);
    expect(response.json().error.message).toContain('meshwork up');
  });
});

describe('GET /api/v1/governance/findings', () => {
  it('groups the rule findings by domain and rule: the deliberate product-tagged warning on marketing.web_sessions', async () => {
    const response = await get('/api/v1/governance/findings');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const marketing = body.rules.byDomain.find((d: { domain: string }) => d.domain === 'marketing');
    expect(marketing.findings).toContainEqual(
      expect.objectContaining({ code: 'product-tagged', severity: 'warning', subject: 'marketing.web_sessions' }),
    );
    expect(marketing.errors).toBe(0);
    expect(body.rules.byRule).toContainEqual(
      expect.objectContaining({ rule: 'product-tagged', count: expect.any(Number), domains: ['marketing'] }),
    );
    expect(body.rules.total).toBe(
      body.rules.byDomain.reduce((n: number, d: { findings: unknown[] }) => n + d.findings.length, 0),
    );
    expect(body.rules.byDomain.map((d: { domain: string }) => d.domain)).toEqual(['finance', 'logistics', 'marketing']);
  });

  it("includes doctor's findings and the classification coverage of each domain", async () => {
    const body = (await get('/api/v1/governance/findings', 'owner')).json();
    expect(typeof body.doctor.ok).toBe('boolean');
    for (const f of body.doctor.findings) expect(f.antiPattern).toBeTruthy();
    const coverage = body.coverage.find((c: { domain: string }) => c.domain === 'marketing');
    expect(coverage.columns).toBeGreaterThan(0);
    expect(coverage.classified).toBeLessThanOrEqual(coverage.columns);
    expect(coverage.percent).toBe(Math.floor((coverage.classified / coverage.columns) * 100));
    expect(coverage.products).toBe(4);
  });

  it('is refused to consumers, and answers 503 without a mesh', async () => {
    const refused = await get('/api/v1/governance/findings', 'consumer');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('domain owners');
    const response = await get('/api/v1/governance/findings', 'governance', bare);
    expect(response.statusCode).toBe(503);
  });
});

describe('GET /api/v1/graph', () => {
  it('lists every product with its domain and an edge per input port reading a product', async () => {
    const response = await get('/api/v1/graph', 'consumer');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.nodes).toHaveLength(8);
    expect(body.nodes).toContainEqual(expect.objectContaining({ address: 'finance.invoices', domain: 'finance' }));
    expect(body.edges).toContainEqual(expect.objectContaining({ from: 'marketing.customers', to: 'finance.invoices' }));
    expect(body.edges).toContainEqual(
      expect.objectContaining({ from: 'marketing.attribution', to: 'finance.revenue_by_channel' }),
    );
    // Sources (files, not products) are not edges.
    expect(body.edges.some((e: { to: string }) => e.to === 'marketing.web_sessions')).toBe(false);
  });
});
