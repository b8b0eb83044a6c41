import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, listAudit } from '@meshwork/catalog';
import { ACME, PERSONAS, type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(join(ACME, path), 'utf8');
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

let example: TestServer;
let catalog: Catalog;
let app: FastifyInstance;

// Each test publishes what it needs on a fresh catalog with the example mesh's domains and governance.
beforeEach(async () => {
  example = await startServer({ governance: true, publish: false });
  ({ catalog, app } = example);
});
afterEach(async () => {
  await example?.close();
});

const publish = (user: PersonaKey, body: object) =>
  example.call(user, 'POST', '/api/v1/products/marketing.customers/versions', body);

describe('lowering a classification is a governance decision', () => {
  it('refuses a member or owner who declassifies PII with 403, audits the refusal, and publishes nothing', async () => {
    expect((await publish('owner', customers('1.0.0'))).statusCode).toBe(201);
    for (const user of ['member', 'owner'] as const) {
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
      [PERSONAS.owner.email, [{ column: 'email', from: 'pii', to: 'internal' }]],
      [PERSONAS.member.email, [{ column: 'email', from: 'pii', to: 'internal' }]],
    ]);
    const latest = await app.inject({
      method: 'GET',
      url: '/api/v1/products/marketing.customers',
      headers: { authorization: `Bearer ${example.tokens.member}` },
    });
    expect(latest.json().latestVersion).toBe('1.0.0');
  });

  it('lets an owner raise a classification, and an admin publish a declassification, audited with the publish', async () => {
    expect((await publish('owner', customers('1.0.0'))).statusCode).toBe(201);
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
