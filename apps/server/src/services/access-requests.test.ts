import { authenticate, type Catalog, listAudit, listEvents, openCatalog, type User } from '@meshwork/catalog';
import { loadExampleMesh, PERSONAS, productTexts, publishAll, seedPersonas } from '@meshwork/test-support';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { accessRequests, decideAccess, requestAccess } from './access-requests.js';
import { accessGrants, activeGrants, columnMasking, revokeAccessGrant } from './grants.js';
import { publishProduct } from './publish.js';
import type { ServiceDeps } from './service-deps.js';

const PURPOSE = 'Reconcile invoices with the customers marketing acquired, for the quarterly close.';
let catalog: Catalog;
let deps: ServiceDeps;
const users: Record<string, User> = {};

beforeAll(async () => {
  const { mesh, governance } = loadExampleMesh();
  catalog = await openCatalog();
  // The domains only: the product under test is published through the publish service below.
  await publishAll(catalog, { only: [] });
  deps = {
    catalog,
    access: governance.access,
    governance,
    events: new EventBus(catalog),
    log: Fastify({ logger: false }).log,
  };
  const tokens = await seedPersonas(catalog, ['owner', 'consumer']);
  for (const [name, key] of [
    ['maya', 'owner'],
    ['fatima', 'consumer'],
  ] as const) {
    const user = await authenticate(catalog.db, tokens[key]);
    if (!user) throw new Error(`the persona ${key} has no user`);
    users[name] = user;
  }
  const customers = mesh.products.find((p) => p.address === 'marketing.customers');
  if (!customers) throw new Error('the example mesh has no marketing.customers');
  const published = await publishProduct(deps, users.maya as User, {
    address: customers.address,
    version: customers.loaded.spec.version,
    ...productTexts(customers),
    requestId: 'publish-1',
  });
  expect(published.status).toBe('published');
}, 60_000);
afterAll(async () => catalog?.close());

const maya = () => users.maya as User;
const fatima = () => users.fatima as User;

describe('access services, as every adapter calls them', () => {
  it('refuses with named errors: no governance, a short purpose, a column at the clearance, a publish by another domain', async () => {
    const { governance: _, ...ungoverned } = deps;
    await expect(
      requestAccess(ungoverned, fatima(), { product: 'marketing.customers', purpose: PURPOSE, requestId: 'r' }),
    ).rejects.toMatchObject({ name: 'UnavailableError' });
    await expect(
      requestAccess(deps, fatima(), { product: 'marketing.customers', purpose: ' too short ', requestId: 'r' }),
    ).rejects.toMatchObject({ name: 'InputError', details: { field: 'purpose' } });
    await expect(
      requestAccess(deps, fatima(), {
        product: 'marketing.customers',
        purpose: PURPOSE,
        expiresInDays: 30,
        columns: ['emial'],
        requestId: 'r',
      }),
    ).rejects.toMatchObject({ name: 'InputError', details: { column: 'emial' } });
    await expect(
      requestAccess(deps, fatima(), {
        product: 'marketing.nothing',
        purpose: PURPOSE,
        expiresInDays: 1,
        requestId: 'r',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('asks, is decided by an owner only, unmasks the granted column, and revokes: audited, with events', async () => {
    const outcome = await requestAccess(deps, fatima(), {
      product: 'marketing.customers',
      purpose: PURPOSE,
      expiresInDays: 30,
      columns: ['email'],
      requestId: 'ask-1',
    });
    expect(outcome.request.status).toBe('pending');
    expect(outcome.grant).toBeNull();
    expect((await accessRequests(deps, fatima(), { mine: true, limit: 10 })).map((r) => r.id)).toEqual([
      outcome.request.id,
    ]);
    const masked = await columnMasking(deps, fatima(), { product: 'marketing.customers' });
    expect(masked({ name: 'email', classification: 'pii' })).toBe(true);

    // The requester may not decide their own request: the access model refuses, named.
    await expect(
      decideAccess(deps, fatima(), { id: outcome.request.id, decision: 'approve', requestId: 'approve-0' }),
    ).rejects.toMatchObject({ name: 'NotAllowedError', details: { request: outcome.request.id } });
    const approved = await decideAccess(deps, maya(), {
      id: outcome.request.id,
      decision: 'approve',
      note: 'for the close',
      requestId: 'approve-1',
    });
    expect(approved.request.status).toBe('approved');
    const grant = approved.grant;
    if (!grant) throw new Error('an approval grants');
    expect((await activeGrants(deps, fatima(), { product: 'marketing.customers' })).map((g) => g.id)).toEqual([
      grant.id,
    ]);
    const unmasked = await columnMasking(deps, fatima(), { product: 'marketing.customers' });
    expect(unmasked({ name: 'email', classification: 'pii' })).toBe(false);
    expect((await accessGrants(deps, maya(), { limit: 10 })).map((g) => g.id)).toEqual([grant.id]);

    const revoked = await revokeAccessGrant(deps, fatima(), { id: grant.id, requestId: 'revoke-1' });
    expect(revoked.revokedBy).toBe(PERSONAS.consumer.email);
    expect(await activeGrants(deps, fatima())).toEqual([]);

    const audit = (await listAudit(catalog.db, { action: 'access.*', limit: 100 })).items
      .reverse()
      .map((a) => [a.action, a.outcome, a.requestId]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ['access.request', 'ok', 'ask-1'],
        ['access.approve', 'ok', 'approve-1'],
        ['access.revoke', 'ok', 'revoke-1'],
      ]),
    );
    const types = ['requested', 'granted', 'revoked'].map((t) => `dev.meshwork.access.${t}`);
    const events = await listEvents(catalog.db, { types, limit: 10 });
    expect(events.map((e) => `${e.type.replace('dev.meshwork.', '')} ${e.subject}`)).toEqual([
      'access.requested marketing.customers',
      'access.granted marketing.customers',
      'access.revoked marketing.customers',
    ]);
  });
});
