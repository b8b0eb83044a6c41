import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Catalog,
  createToken,
  ensureUser,
  listAudit,
  openCatalog,
  type Role,
  upsertDomain,
} from '@meshwork/catalog';
import { loadMesh, parseYaml } from '@meshwork/core';
import { compileGovernance } from '@meshwork/governance';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

const acme = join(import.meta.dirname, '../../../examples/acme');
const read = (path: string) => readFileSync(join(acme, path), 'utf8');
const folder = (dir: string) =>
  readdirSync(join(acme, dir)).map((name) => ({ path: `${dir}/${name}`, text: read(`${dir}/${name}`) }));
const dir = 'domains/marketing/products/customers';
/** The example's marketing.customers at `version`, its contract edited by `edit`. */
const customers = (version: string, edit: (contract: string) => string = (c) => c) => ({
  version,
  descriptor: read(`${dir}/product.yaml`).replace(/^version: .+$/m, `version: ${version}`),
  contracts: [{ path: 'customers.odcs.yaml', text: edit(read(`${dir}/customers.odcs.yaml`)) }],
  docs: read(`${dir}/README.md`),
  files: ['README.md', 'build.sql'],
});
/** The contract with the first `pii` column (email) lowered to `internal`. */
const lowerEmail = (contract: string) => contract.replace('classification: pii', 'classification: internal');

let catalog: Catalog;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const { mesh } = loadMesh({
    root: acme,
    meshFile: { path: 'meshwork.yaml', text: read('meshwork.yaml') },
    ruleFiles: folder('governance/rules'),
    policyFiles: folder('governance/policies'),
    domains: [
      {
        folder: 'marketing',
        dir: 'domains/marketing',
        domainFile: undefined,
        products: [],
        ruleFiles: folder('domains/marketing/rules'),
        policyFiles: folder('domains/marketing/policies'),
      },
    ],
  });
  const governance = compileGovernance(mesh);
  catalog = await openCatalog();
  const spec = parseYaml({ path: 'domain.yaml', text: read('domains/marketing/domain.yaml') }).yaml?.value;
  await upsertDomain(catalog.db, { name: 'marketing', description: 'Marketing', isolation: 'schema', spec });
  const users: [string, Role, string | null][] = [
    ['owner', 'owner', 'marketing'],
    ['member', 'member', 'marketing'],
    ['admin', 'admin', null],
  ];
  for (const [name, role, domain] of users) {
    const user = await ensureUser(catalog.db, { name, email: `${name}@acme.example`, role, domain, clearance: 'pii' });
    tokens[name] = await createToken(catalog.db, user.id, 'test');
  }
  app = await createServer({ catalog, logger: false, governance });
});
afterAll(async () => {
  await app.close();
  await catalog.close();
});

const publish = (user: string, body: object) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/products/marketing.customers/versions',
    headers: { authorization: `Bearer ${tokens[user]}` },
    payload: body,
  });

describe('lowering a classification is a governance decision', () => {
  it('refuses a member or owner who declassifies PII with 403, audits the refusal, and publishes nothing', async () => {
    expect((await publish('owner', customers('1.0.0'))).statusCode).toBe(201);
    for (const user of ['member', 'owner']) {
      const refused = await publish(user, customers('2.0.0', lowerEmail));
      expect(refused.statusCode, user).toBe(403);
      expect(refused.json().error.message).toBe(
        `marketing.customers 2.0.0 lowers the classification of "email" pii → internal; that is a governance decision: a member of the governance group (or an admin) publishes it, with the owners' agreement`,
      );
      expect(refused.json().error.details.reasons.map((r: { policy: string }) => r.policy)).toEqual([
        'declassifying-is-a-governance-decision',
      ]);
    }
    const audit = await listAudit(catalog.db, { action: 'product.publish', outcome: 'refused', limit: 10 });
    expect(audit.items.map((a) => [a.actor, a.details.declassifications])).toEqual([
      ['owner@acme.example', [{ column: 'email', from: 'pii', to: 'internal' }]],
      ['member@acme.example', [{ column: 'email', from: 'pii', to: 'internal' }]],
    ]);
    const latest = await app.inject({
      method: 'GET',
      url: '/api/v1/products/marketing.customers',
      headers: { authorization: `Bearer ${tokens.member}` },
    });
    expect(latest.json().latestVersion).toBe('1.0.0');
  });

  it('lets an owner raise a classification, and an admin publish a declassification, audited with the publish', async () => {
    const raised = await publish(
      'owner',
      customers('2.0.0', (c) => c.replace('classification: internal', 'classification: confidential')),
    );
    expect(raised.statusCode, raised.body).toBe(201);
    const lowered = await publish('admin', customers('3.0.0', lowerEmail));
    expect(lowered.statusCode, lowered.body).toBe(201);
    const [entry] = (await listAudit(catalog.db, { action: 'product.publish', outcome: 'ok', limit: 1 })).items;
    expect(entry).toMatchObject({
      actor: 'admin@acme.example',
      // The raised customer_id is back to internal in the admin's contract: lowered too, and listed.
      details: {
        declassifications: [
          { column: 'customer_id', from: 'confidential', to: 'internal' },
          { column: 'email', from: 'pii', to: 'internal' },
        ],
      },
    });
  });
});
