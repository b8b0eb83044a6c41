import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, openCatalog, upsertDomain } from '@meshwork/catalog';
import { type PersonaKey, seedPersonas } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

const acme = join(import.meta.dirname, '../../../examples/acme/domains/marketing/products/campaigns');
const descriptor = readFileSync(join(acme, 'product.yaml'), 'utf8');
const contract = readFileSync(join(acme, 'campaigns.odcs.yaml'), 'utf8');
const added = `      - name: utm_source
        logicalType: string
        physicalType: VARCHAR
        description: Tracking source of the campaign's links.
        classification: internal
`;
/** 1.0.0 as in the example, 1.1.0 adds an optional column, 2.0.0 also removes budget_eur. */
const contracts = {
  '1.0.0': contract,
  '1.1.0': contract.replace('    quality:\n      - metric: rowCount', `${added}    quality:\n      - metric: rowCount`),
  '2.0.0': contract
    .replace(/ {6}- name: budget_eur[\s\S]*?minimum: 0\n/, '')
    .replace('    quality:\n      - metric: rowCount', `${added}    quality:\n      - metric: rowCount`),
};

let catalog: Catalog;
let app: FastifyInstance;
let tokens: Record<PersonaKey, string>;
const url = '/api/v1/products/marketing.campaigns/versions';

beforeAll(async () => {
  catalog = await openCatalog();
  for (const name of ['marketing', 'finance']) {
    await upsertDomain(catalog.db, { name, description: name, isolation: 'schema', spec: {} });
  }
  tokens = await seedPersonas(catalog, ['owner', 'consumer']);
  app = await createServer({ catalog, logger: false });
  for (const [version, text] of Object.entries(contracts)) {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${tokens.owner}` },
      payload: {
        version,
        descriptor: descriptor.replace(/^version: .*$/m, `version: ${version}`),
        contracts: [{ path: 'campaigns.odcs.yaml', text }],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
  }
});
afterAll(async () => {
  await app.close();
  await catalog.close();
});

const changes = (version: string, user: PersonaKey | null = 'consumer') =>
  app.inject({
    method: 'GET',
    url: `${url}/${version}/changes`,
    ...(user ? { headers: { authorization: `Bearer ${tokens[user]}` } } : {}),
  });

describe('GET /products/{address}/versions/{version}/changes', () => {
  it('has no previous version and no changes for the first version', async () => {
    const response = await changes('1.0.0');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ address: 'marketing.campaigns', version: '1.0.0', previous: null, changes: [] });
  });

  it('classifies an added optional column as info against the previous version', async () => {
    const response = await changes('1.1.0');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      address: 'marketing.campaigns',
      version: '1.1.0',
      previous: '1.0.0',
      changes: [
        {
          code: 'property-added',
          severity: 'info',
          location: 'campaigns.utm_source',
          message: expect.any(String),
        },
      ],
    });
  });

  it('classifies a removed column as breaking', async () => {
    const body = (await changes('2.0.0')).json();
    expect(body.previous).toBe('1.1.0');
    expect(body.changes).toEqual([
      expect.objectContaining({ code: 'property-removed', severity: 'breaking', location: 'campaigns.budget_eur' }),
    ]);
  });

  it('answers 404 for an unknown version or product, 400 for a malformed version, 401 without a token', async () => {
    expect((await changes('3.0.0')).statusCode).toBe(404);
    expect((await changes('3.0.0')).json().error.message).toMatch(/has no version 3\.0\.0/);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/products/marketing.nothing/versions/1.0.0/changes',
      headers: { authorization: `Bearer ${tokens.consumer}` },
    });
    expect(unknown.statusCode).toBe(404);
    expect((await changes('latest')).statusCode).toBe(400);
    expect((await changes('1.0.0', null)).statusCode).toBe(401);
  });
});
