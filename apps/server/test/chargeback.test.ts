import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Catalog,
  openCatalog,
  recordQuery,
  recordStorageSample,
  storageSamplesOf,
  upsertDomain,
} from '@meshwork/catalog';
import { loadMesh, type Mesh, type Product } from '@meshwork/core';
import { PERSONAS, type PersonaKey, seedPersonas } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, sampleStorage, storageByDomain } from '../src/index.js';

const MESH_FILE = `apiVersion: meshwork/v1
kind: Mesh
name: acme
prices:
  currency: USD
  perTBScanned: 5
  perCpuHour: 0.05
  perGBMonthStored: 0.023
`;

const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-chargeback-'));
let catalog: Catalog;
let app: FastifyInstance;
let unpriced: FastifyInstance;
let mesh: Mesh;
let tokens: Record<PersonaKey, string>;

/** A built product as the sampler sees it: its manifest in the data directory. */
function built(address: string, bytes: number): void {
  mkdirSync(join(dataDir, 'manifests'), { recursive: true });
  writeFileSync(join(dataDir, 'manifests', `${address}.json`), JSON.stringify({ address, bytes }));
}

beforeAll(async () => {
  const loaded = loadMesh({ root: dataDir, meshFile: { path: 'meshwork.yaml', text: MESH_FILE }, domains: [] });
  expect(loaded.diagnostics).toEqual([]);
  // Products stand in for the domains' folders: the sampler reads only their address and domain.
  const product = (address: string) => ({ address, domain: address.split('.')[0] }) as Product;
  mesh = {
    ...loaded.mesh,
    products: ['marketing.campaigns', 'marketing.customers', 'finance.invoices', 'logistics.shipments'].map(product),
  };
  built('marketing.campaigns', 3_000);
  built('marketing.customers', 7_000);
  built('finance.invoices', 500);

  catalog = await openCatalog();
  for (const name of ['marketing', 'finance']) {
    await upsertDomain(catalog.db, { name, description: name, isolation: 'schema', spec: {} });
  }
  tokens = await seedPersonas(catalog, ['admin', 'governance', 'owner', 'member', 'financeOwner', 'consumer']);

  // February 2026 (28 days). Queries: the consumer's and the finance owner's are finance's, the admin's no domain's.
  const query = async (user: PersonaKey, domain: string | null, at: string, bytes: number, cpuMs: number, ok = true) =>
    recordQuery(catalog.db, {
      at: new Date(at),
      userEmail: PERSONAS[user].email,
      userDomain: domain,
      kind: 'query',
      products: ['marketing.customers'],
      status: ok ? 'ok' : 'refused',
      rows: 10,
      bytesScanned: bytes,
      cpuMs,
      durationMs: 40,
      sql: 'SELECT count(*) FROM marketing.customers',
    });
  await query('consumer', 'finance', '2026-02-03T10:00:00Z', 2e12, 1_800_000);
  await query('consumer', 'finance', '2026-02-04T10:00:00Z', 5e11, 3_600_000);
  await query('consumer', 'finance', '2026-02-05T10:00:00Z', 1e12, 10, false);
  await query('financeOwner', 'finance', '2026-02-06T10:00:00Z', 5e11, 0);
  await query('admin', null, '2026-02-07T10:00:00Z', 1e11, 360_000);
  await query('consumer', 'finance', '2026-03-01T00:00:00Z', 9e12, 9_000_000);
  for (let day = 1; day <= 28; day++) {
    await recordStorageSample(catalog.db, `2026-02-${String(day).padStart(2, '0')}`, new Map([['marketing', 14e9]]));
  }
  await recordStorageSample(catalog.db, '2026-02-10', new Map([['finance', 1e9]]));
  await recordStorageSample(catalog.db, '2026-02-11', new Map([['finance', 3e9]]));

  app = await createServer({ catalog, logger: false, dataPlane: { dataDir, mesh } });
  unpriced = await createServer({ catalog, logger: false });
});
afterAll(async () => {
  await app.close();
  await unpriced.close();
  await catalog.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, user?: PersonaKey, server = app) =>
  server.inject({ method: 'GET', url, ...(user ? { headers: { authorization: `Bearer ${tokens[user]}` } } : {}) });

describe('GET /api/v1/chargeback', () => {
  it('prices each domain’s consumption and storage of the month with the mesh’s price table', async () => {
    const response = await get('/api/v1/chargeback?period=2026-02', 'admin');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.period).toBe('2026-02');
    expect(report.currency).toBe('USD');
    expect(report.prices).toEqual({ perTBScanned: 5, perCpuHour: 0.05, perGBMonthStored: 0.023 });
    expect(report.note).toBeUndefined();
    expect(Date.parse(report.generatedAt)).not.toBeNaN();
    expect(report.domains).toEqual([
      {
        // 3 TB × 5 + 1.5 CPU h × 0.05; (1 + 3) GB-days / 28 days = 0.142857… GB-months × 0.023
        domain: 'finance',
        consumed: { queries: 3, tbScanned: 3, cpuHours: 1.5, cost: 15.075 },
        stored: { gbMonths: 0.142857143, cost: 0.003286 },
        total: 15.078286,
      },
      {
        // 14 GB every day of the month: 14 GB-months × 0.023
        domain: 'marketing',
        consumed: { queries: 0, tbScanned: 0, cpuHours: 0, cost: 0 },
        stored: { gbMonths: 14, cost: 0.322 },
        total: 0.322,
      },
      {
        domain: '(none)',
        consumed: { queries: 1, tbScanned: 0.1, cpuHours: 0.1, cost: 0.505 },
        stored: { gbMonths: 0, cost: 0 },
        total: 0.505,
      },
    ]);
  });

  it('lists the top queries by bytes scanned, then CPU, successful ones only', async () => {
    const report = (await get('/api/v1/chargeback?period=2026-02', 'governance')).json();
    expect(
      report.topQueries.map((q: { user: string; domain: string; bytesScanned: number; cpuMs: number }) => [
        q.user,
        q.domain,
        q.bytesScanned,
        q.cpuMs,
      ]),
    ).toEqual([
      [PERSONAS.consumer.email, 'finance', 2e12, 1_800_000],
      [PERSONAS.consumer.email, 'finance', 5e11, 3_600_000],
      [PERSONAS.financeOwner.email, 'finance', 5e11, 0],
      [PERSONAS.admin.email, '(none)', 1e11, 360_000],
    ]);
    expect(report.topQueries[0]).toEqual({
      user: PERSONAS.consumer.email,
      domain: 'finance',
      products: ['marketing.customers'],
      bytesScanned: 2e12,
      cpuMs: 1_800_000,
      durationMs: 40,
      at: '2026-02-03T10:00:00.000Z',
      sql: 'SELECT count(*) FROM marketing.customers',
    });
  });

  it('is a transparency report: every owner sees every domain; consumers and members are refused', async () => {
    const asOwner = (await get('/api/v1/chargeback?period=2026-02', 'owner')).json();
    expect(asOwner.domains.map((d: { domain: string }) => d.domain)).toEqual(['finance', 'marketing', '(none)']);
    for (const user of ['consumer', 'member'] as const) {
      const refused = await get('/api/v1/chargeback?period=2026-02', user);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'not_allowed',
        message: 'the chargeback report is for admins, the governance group and domain owners',
      });
    }
    // Refused before the period is looked at.
    expect((await get('/api/v1/chargeback?period=nope', 'consumer')).statusCode).toBe(403);
    expect((await get('/api/v1/chargeback?period=2026-02')).statusCode).toBe(401);
  });

  it.each([
    ['2026-13', 'period "2026-13" is not a month; write it as YYYY-MM, for example 2026-03'],
    ['2026-2', 'period "2026-2" is not a month; write it as YYYY-MM, for example 2026-03'],
    ['2026-02-01', 'period "2026-02-01" is not a month; write it as YYYY-MM, for example 2026-03'],
  ])('refuses period=%s with 400 naming the field', async (period, message) => {
    const response = await get(`/api/v1/chargeback?period=${period}`, 'admin');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({ code: 'invalid_input', message, details: { field: 'period' } });
  });

  it('refuses a missing period with 400 naming the field', async () => {
    const response = await get('/api/v1/chargeback', 'admin');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.field).toBe('period');
  });

  it('answers a future month, empty', async () => {
    const report = (await get('/api/v1/chargeback?period=2099-01', 'admin')).json();
    expect(report).toMatchObject({ period: '2099-01', currency: 'USD', domains: [], topQueries: [] });
  });

  it('measures without a price table: every cost 0, in EUR, with a note saying so', async () => {
    const report = (await get('/api/v1/chargeback?period=2026-02', 'admin', unpriced)).json();
    expect(report.currency).toBe('EUR');
    expect(report.prices).toEqual({ perTBScanned: 0, perCpuHour: 0, perGBMonthStored: 0 });
    expect(report.note).toMatch(/no price table is set/);
    expect(report.domains[0]).toEqual({
      domain: 'finance',
      consumed: { queries: 3, tbScanned: 3, cpuHours: 1.5, cost: 0 },
      stored: { gbMonths: 0.142857143, cost: 0 },
      total: 0,
    });
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/chargeback', '/api/v1/audit']));
  });
});

describe('storage sampling', () => {
  it('sums the bytes of the latest builds per producing domain; never-built domains are left out', () => {
    expect(storageByDomain(dataDir, mesh)).toEqual(
      new Map([
        ['marketing', 10_000],
        ['finance', 500],
      ]),
    );
  });

  it('samples at server start, for today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const samples = async () => [...(await storageSamplesOf(catalog.db, today))].sort(([a], [b]) => a.localeCompare(b));
    await expect.poll(samples, { timeout: 5_000 }).toEqual([
      ['finance', 500],
      ['marketing', 10_000],
    ]);
  });

  it('records one sample a day per domain; the last of a day wins', async () => {
    const day = new Date('2026-04-02T12:00:00Z');
    await sampleStorage(catalog, { dataDir, mesh }, day);
    built('finance.invoices', 800);
    await sampleStorage(catalog, { dataDir, mesh }, day);
    const samples = await storageSamplesOf(catalog.db, '2026-04-02');
    expect([...samples].sort()).toEqual([
      ['finance', 800],
      ['marketing', 10_000],
    ]);
    built('finance.invoices', 500);
  });
});
