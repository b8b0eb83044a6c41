import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, openCatalog, recordQuery, recordStorageSample, upsertDomain } from '@meshwork/catalog';
import { loadMesh } from '@meshwork/core';
import { createServer } from '@meshwork/server';
import { PERSONAS, type PersonaKey, seedPersonas } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-chargeback-cli-'));
let catalog: Catalog;
let app: FastifyInstance;
let url: string;
let tokens: Record<PersonaKey, string>;

const cli = (args: readonly string[]) => runCliAsync(args, work);

beforeAll(async () => {
  const { mesh } = loadMesh({
    root: work,
    meshFile: {
      path: 'meshwork.yaml',
      text: 'apiVersion: meshwork/v1\nkind: Mesh\nname: acme\nprices:\n  currency: EUR\n  perTBScanned: 5\n  perCpuHour: 0.05\n  perGBMonthStored: 0.023\n',
    },
    domains: [],
  });
  catalog = await openCatalog();
  for (const name of ['marketing', 'finance']) {
    await upsertDomain(catalog.db, { name, description: name, isolation: 'schema', spec: {} });
  }
  tokens = await seedPersonas(catalog, ['owner', 'consumer']);
  await recordQuery(catalog.db, {
    at: new Date('2026-02-03T10:00:00Z'),
    userEmail: PERSONAS.consumer.email,
    userDomain: 'finance',
    kind: 'query',
    products: ['marketing.customers'],
    status: 'ok',
    rows: 12,
    bytesScanned: 2e12,
    cpuMs: 1_800_000,
    durationMs: 950,
    sql: 'SELECT country, count(*)\nFROM marketing.customers GROUP BY ALL',
  });
  for (let day = 1; day <= 28; day++) {
    await recordStorageSample(catalog.db, `2026-02-${String(day).padStart(2, '0')}`, new Map([['marketing', 14e9]]));
  }
  app = await createServer({ catalog, logger: false, dataPlane: { dataDir: join(work, '.meshwork'), mesh } });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await catalog.close();
  rmSync(work, { recursive: true, force: true });
});

const report = (...args: string[]) => cli(['chargeback', '--server', url, '--token', tokens.owner as string, ...args]);

describe('meshwork chargeback', () => {
  it('prints the domain table with totals, the prices and the top queries', async () => {
    const { code, stdout, stderr } = await report('--period', '2026-02');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Chargeback 2026-02');
    expect(lines[2]).toMatch(/^domain\s+consumed EUR\s+stored EUR\s+total EUR\s+TB scanned\s+CPU h\s+GB-months$/);
    expect(lines[3]?.split(/\s+/)).toEqual(['finance', '10.03', '0.00', '10.03', '2.000000', '0.5000', '0.0000']);
    expect(lines[4]?.split(/\s+/)).toEqual(['marketing', '0.00', '0.32', '0.32', '0.000000', '0.0000', '14.0000']);
    expect(lines[5]?.split(/\s+/)).toEqual(['total', '10.03', '0.32', '10.35', '2.000000', '0.5000', '14.0000']);
    expect(stdout).toContain('prices: 5 EUR/TB scanned · 0.05 EUR/CPU h · 0.023 EUR/GB-month stored');
    expect(stdout).toContain('Top queries (bytes scanned, then CPU)');
    expect(stdout).toMatch(
      /1\. +2\.00 TB +1800000 ms CPU +fatima\.ali@acme\.example \(finance\) +2026-02-03T10:00:00\.000Z +marketing\.customers/,
    );
    expect(stdout).toContain('SELECT country, count(*) FROM marketing.customers GROUP BY ALL');
  });

  it('prints the report as JSON or the domain table as CSV', async () => {
    const json = await report('--period', '2026-02', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      period: '2026-02',
      currency: 'EUR',
      domains: [
        { domain: 'finance', consumed: { queries: 1, tbScanned: 2, cpuHours: 0.5, cost: 10.025 }, total: 10.025 },
        { domain: 'marketing', stored: { gbMonths: 14, cost: 0.322 }, total: 0.322 },
      ],
    });
    const csv = await report('--period', '2026-02', '--csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(
      'domain,consumed_cost,stored_cost,total,tb_scanned,cpu_hours,gb_months,queries,currency\n' +
        'finance,10.025,0,10.025,2,0.5,0,1,EUR\n' +
        'marketing,0,0.322,0.322,0,0,14,0,EUR\n',
    );
  });

  it('says so when a month has nothing', async () => {
    const { code, stdout } = await report('--period', '2099-01');
    expect(code).toBe(0);
    expect(stdout).toContain('no domain consumed or stored anything in this month');
  });

  it('exits 1 when the server refuses the caller, 2 on usage errors', async () => {
    const refused = await cli([
      'chargeback',
      '--period',
      '2026-02',
      '--server',
      url,
      '--token',
      tokens.consumer as string,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the chargeback report is for admins, the governance group and domain owners');
    for (const args of [
      ['--period', '2026-13'],
      ['--period', 'last-month'],
      [],
      ['--period', '2026-02', '--json', '--csv'],
      ['--period', '2026-02', '--colour'],
    ]) {
      const result = await report(...args);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect((await report('--period', '2026-13')).stderr).toBe(
      'meshwork: --period takes a month as YYYY-MM, for example 2026-03, not "2026-13"\n',
    );
    const badToken = await cli(['chargeback', '--period', '2026-02', '--server', url, '--token', 'mw_wrong']);
    expect(badToken.code).toBe(2);
  });
});
