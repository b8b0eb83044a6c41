import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, openCatalog } from '@meshwork/catalog';
import { loadMesh } from '@meshwork/core';
import { seedPersonas } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

const acme = join(import.meta.dirname, '../../../examples/acme');
const read = (path: string) => ({ path, text: readFileSync(join(acme, path), 'utf8') });

let catalog: Catalog;
let withMesh: FastifyInstance;
let without: FastifyInstance;
let token: string;

beforeAll(async () => {
  const { mesh } = loadMesh({
    root: acme,
    meshFile: read('meshwork.yaml'),
    domains: readdirSync(join(acme, 'domains')).map((folder) => ({
      folder,
      dir: `domains/${folder}`,
      domainFile: read(`domains/${folder}/domain.yaml`),
      products: [],
    })),
  });
  catalog = await openCatalog();
  // A consumer outside every domain: the advice is for any signed-in user.
  ({ outsider: token } = await seedPersonas(catalog, ['outsider']));
  // The advice reads only the mesh of the data plane; nothing is built or attached.
  withMesh = await createServer({ catalog, logger: false, dataPlane: { dataDir: '/nonexistent', mesh } });
  without = await createServer({ catalog, logger: false });
});
afterAll(async () => {
  await withMesh.close();
  await without.close();
  await catalog.close();
});

const get = (app: FastifyInstance, auth = true) =>
  app.inject({ method: 'GET', url: '/api/v1/advice', headers: auth ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/v1/advice', () => {
  it('advises each domain of the served mesh, with current patterns, cited reasons and warnings', async () => {
    const response = await get(withMesh);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.source).toBe('mesh');
    expect(body.practitioners).toBe(11);
    expect(body.domains.map((d: { domain: string; current: string; recommended: string }) => d)).toEqual([
      expect.objectContaining({ domain: 'finance', current: 'account', recommended: 'account' }),
      expect.objectContaining({ domain: 'logistics', current: 'workspace', recommended: 'workspace' }),
      expect.objectContaining({ domain: 'marketing', current: 'schema', recommended: 'schema' }),
    ]);
    expect(body.domains[0].reasons).toContainEqual(
      expect.objectContaining({
        rule: 'compliance-override',
        citation: expect.stringContaining('Compliance is the override'),
      }),
    );
    expect(body.domains[2].upgradePath[0]).toMatchObject({
      from: 'schema',
      to: 'workspace',
      command: 'meshwork domain upgrade marketing --to workspace',
      now: false,
    });
    expect(body.warnings.map((w: { rule: string }) => w.rule)).toEqual(['mesh-small-organisation']);
    expect(body.assumed.length).toBeGreaterThan(0);
  });

  it('answers 503 with a clear message when the server has no mesh', async () => {
    const response = await get(without);
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('meshwork up'),
    });
  });

  it('needs a token', async () => {
    expect((await get(withMesh, false)).statusCode).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await withMesh.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/api/v1/advice'].get.responses).toHaveProperty('503');
  });
});
