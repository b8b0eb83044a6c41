import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, contentHashOf, listAudit, listEvents } from '@meshwork/catalog';
import { buildMesh } from '@meshwork/engine';
import {
  ACME,
  loadExampleMesh,
  type Method,
  PERSONAS,
  type PersonaKey,
  startServer,
  type TestServer,
} from '@meshwork/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

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
const email = { column: 'email', from: 'pii', to: 'internal' };
const { owner, member, governance, admin } = PERSONAS;

// marketing.customers is built once; each test starts a fresh catalog over it and publishes what it needs.
const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-declassify-'));
let example: TestServer;
let catalog: Catalog;

beforeAll(async () => {
  const built = await buildMesh(loadExampleMesh().mesh, { dataDir, product: 'marketing.customers' });
  expect(built.products.filter((p) => p.status === 'failed')).toEqual([]);
}, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
beforeEach(async () => {
  example = await startServer({ governance: true, publish: false, dataDir });
  catalog = example.catalog;
  expect((await publish('owner', customers('1.0.0'))).statusCode).toBe(201);
});
afterEach(async () => {
  await example?.close();
});

const call = (user: PersonaKey, method: Method, url: string, payload?: object) =>
  example.call(user, method, `/api/v1${url}`, payload);
const publish = (user: PersonaKey, body: object) => call(user, 'POST', '/products/marketing.customers/versions', body);
const approve = (user: PersonaKey, body: object) =>
  call(user, 'POST', '/products/marketing.customers/declassifications', {
    reason: 'The e-mail addresses are role accounts of companies, not of people.',
    ...body,
  });
/** The first customer's e-mail as `user` queries it: the member's clearance (internal) masks PII. */
const firstEmail = async (user: PersonaKey) => {
  const answer = await call(user, 'POST', '/query', {
    sql: 'SELECT email FROM marketing.customers ORDER BY customer_id LIMIT 1',
  });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json().rows[0][0] as string;
};
/** Governance approves lowering email for 2.0.0 and the owner publishes it; returns the used approval's id. */
const declassifyEmailIn2 = async () => {
  const approval = await approve('governance', { version: '2.0.0', columns: [email] });
  expect(approval.statusCode, approval.body).toBe(201);
  const published = await publish('owner', customers('2.0.0', lowerEmail));
  expect(published.statusCode, published.body).toBe(201);
  return approval.json().id as string;
};
const refusedPublishes = async () =>
  (await listAudit(catalog.db, { action: 'product.publish', outcome: 'refused', limit: 100 })).items.reverse();

describe('lowering a classification needs a governance approval and an owner', () => {
  it('refuses a member, an owner without approval and an admin with 403 naming what is missing; audits each', async () => {
    expect(await firstEmail('member')).toBe('[redacted]');
    const command =
      'meshwork declassify approve marketing.customers --for-version 2.0.0 --column email:pii:internal --reason "…"';

    const byOwner = await publish('owner', customers('2.0.0', lowerEmail));
    expect(byOwner.statusCode).toBe(403);
    expect(byOwner.json().error.message).toBe(
      `marketing.customers 2.0.0 lowers the classification of "email" pii → internal; it needs a governance approval of exactly these columns for 2.0.0, and none is recorded: ask the governance group to record one (${command}), then publish again`,
    );
    expect(byOwner.json().error.details).toMatchObject({
      missing: ['approval'],
      approval: null,
      declassifications: [email],
      reasons: [{ policy: 'declassifying-needs-a-governance-approval' }],
    });

    for (const user of ['member', 'admin'] as const) {
      const refused = await publish(user, customers('2.0.0', lowerEmail));
      expect(refused.statusCode, user).toBe(403);
      expect(refused.json().error.message).toBe(
        `marketing.customers 2.0.0 lowers the classification of "email" pii → internal; it needs a governance approval (${command}) and an owner of marketing to publish it; ${PERSONAS[user].email} may not publish it even with one`,
      );
      expect(refused.json().error.details.missing).toEqual(['approval', 'publisher']);
    }
    // The governance group approves; it does not publish.
    expect((await publish('governance', customers('2.0.0', lowerEmail))).statusCode).toBe(403);

    expect((await refusedPublishes()).map((a) => [a.actor, a.details.missing, a.details.declassifications])).toEqual([
      [owner.email, ['approval'], [email]],
      [member.email, ['approval', 'publisher'], [email]],
      [admin.email, ['approval', 'publisher'], [email]],
    ]);
    const latest = await call('member', 'GET', '/products/marketing.customers');
    expect(latest.json().latestVersion).toBe('1.0.0');
  });

  it('lets only the governance group and admins approve, and only what the published version lowers', async () => {
    for (const user of ['owner', 'member'] as const) {
      const refused = await approve(user, { version: '2.0.0', columns: [email] });
      expect(refused.statusCode, user).toBe(403);
      expect(refused.json().error.message).toBe(
        `${PERSONAS[user].email} may not approve lowering a classification of marketing.customers; the governance group (and admins) record approvals, an owner of marketing then publishes the version`,
      );
    }
    const bad = async (body: object) => (await approve('governance', body)).json().error.message;
    expect(await bad({ version: '2.0.0', columns: [{ ...email, from: 'confidential' }] })).toBe(
      'column "email" of marketing.customers is classified pii, not confidential; approve lowering it from what is published',
    );
    expect(await bad({ version: '2.0.0', columns: [{ ...email, to: 'secret' }] })).toBe(
      '"secret" is not a level of the taxonomy (public, internal, confidential, pii)',
    );
    expect(await bad({ version: '2.0.0', columns: [{ column: 'country', from: 'internal', to: 'pii' }] })).toBe(
      '"country" internal → pii does not lower the classification; raising needs no approval',
    );
    expect(await bad({ version: '2.0.0', columns: [{ column: 'mail', from: 'pii', to: null }] })).toBe(
      'column "mail" is not in the latest published contract of marketing.customers',
    );
    expect(await bad({ columns: [email] })).toBe(
      'give the version to be published or its contentHash, exactly one of them',
    );
    const refusals = await listAudit(catalog.db, { action: 'declassification.approve', outcome: 'refused', limit: 10 });
    expect(refusals.items.map((a) => a.actor).reverse()).toEqual([owner.email, member.email]);
  });

  it('does not count an approval of another column or another version', async () => {
    const otherColumn = await approve('governance', {
      version: '2.0.0',
      columns: [{ column: 'full_name', from: 'pii', to: 'internal' }],
    });
    expect(otherColumn.statusCode, otherColumn.body).toBe(201);
    const otherVersion = await approve('admin', { version: '9.0.0', columns: [email] });
    expect(otherVersion.statusCode).toBe(201);
    // More than the version lowers is not "exactly" either.
    const more = await approve('governance', {
      version: '2.0.0',
      columns: [email, { column: 'full_name', from: 'pii', to: 'internal' }],
    });
    expect(more.statusCode).toBe(201);
    const refused = await publish('owner', customers('2.0.0', lowerEmail));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(
      /and none is recorded \(the 3 open approvals of marketing\.customers cover another version or other columns\)/,
    );
    expect(
      refused
        .json()
        .error.details.openApprovals.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual([otherColumn.json().id, otherVersion.json().id, more.json().id].sort());
  });

  it('publishes an approved declassification by an owner, uses the approval, and shows the raw values', async () => {
    const approval = await approve('governance', { version: '2.0.0', columns: [email] });
    expect(approval.statusCode, approval.body).toBe(201);
    expect(approval.json()).toMatchObject({
      product: 'marketing.customers',
      version: '2.0.0',
      contentHash: null,
      columns: [email],
      approvedBy: governance.email,
      state: 'open',
    });
    const id = approval.json().id as string;

    const byMember = await publish('member', customers('2.0.0', lowerEmail));
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.message).toBe(
      `marketing.customers 2.0.0 lowers the classification of "email" pii → internal; approval ${id} covers it, but ${member.email} may not publish it: an owner of marketing publishes an approved declassification`,
    );
    expect(byMember.json().error.details).toMatchObject({ missing: ['publisher'], approval: id });

    const published = await publish('owner', customers('2.0.0', lowerEmail));
    expect(published.statusCode, published.body).toBe(201);
    expect(await firstEmail('member')).toMatch(/@/);

    const listed = await call('member', 'GET', '/products/marketing.customers/declassifications?state=used');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id, state: 'used', usedBy: owner.email, usedVersion: '2.0.0' }),
    ]);
    const [entry] = (await listAudit(catalog.db, { action: 'product.publish', outcome: 'ok', limit: 1 })).items;
    expect(entry).toMatchObject({
      actor: owner.email,
      target: 'marketing.customers@2.0.0',
      details: { declassifications: [email], declassificationApproval: id },
    });
  });

  it('uses an approval once: a later version lowering the same column needs its own', async () => {
    await declassifyEmailIn2();
    const raised = await publish('owner', customers('3.0.0'));
    expect(raised.statusCode, raised.body).toBe(201);
    expect(await firstEmail('member')).toBe('[redacted]');
    const again = await publish('owner', customers('4.0.0', lowerEmail));
    expect(again.statusCode).toBe(403);
    expect(again.json().error.details.missing).toEqual(['approval']);

    // An approval may name the content hash of the version instead of its number.
    const body = customers('4.0.0', lowerEmail);
    const contentHash = contentHashOf(body.descriptor, body.contracts, body.docs);
    const byHash = await approve('governance', { contentHash, columns: [email] });
    expect(byHash.statusCode, byHash.body).toBe(201);
    expect(
      (
        await publish(
          'owner',
          customers('4.0.0', (c) => `${lowerEmail(c)}\n`),
        )
      ).statusCode,
    ).toBe(403);
    expect((await publish('owner', body)).statusCode).toBe(201);
    expect(await firstEmail('member')).toMatch(/@/);
  });

  it('revokes an open approval (governance and admins), once; a used one stays used', async () => {
    expect((await approve('admin', { version: '9.0.0', columns: [email] })).statusCode).toBe(201);
    const usedId = await declassifyEmailIn2();
    const url = '/products/marketing.customers/declassifications';
    const open = (await call('governance', 'GET', `${url}?state=open`)).json().items as { id: string }[];
    expect(open).toHaveLength(1); // the one for 9.0.0
    const id = open[0]?.id as string;
    const byOwner = await call('owner', 'DELETE', `${url}/${id}`);
    expect(byOwner.statusCode).toBe(403);
    expect(byOwner.json().error.message).toBe(
      `${owner.email} may not revoke declassification approval ${id} of marketing.customers; the governance group and admins may`,
    );
    const revoked = await call('governance', 'DELETE', `${url}/${id}`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id, state: 'revoked', revokedBy: governance.email });
    const raised = await listEvents(catalog.db, {
      types: ['dev.meshwork.declassification.approved', 'dev.meshwork.declassification.revoked'],
      limit: 100,
    });
    expect(raised.filter((e) => (e.data as { id?: string }).id === id).map((e) => e.type)).toEqual([
      'dev.meshwork.declassification.approved',
      'dev.meshwork.declassification.revoked',
    ]);
    expect((await call('admin', 'DELETE', `${url}/${id}`)).statusCode).toBe(409);
    const used = (await call('governance', 'GET', `${url}?state=used`)).json().items as { id: string }[];
    expect(used.map((a) => a.id)).toEqual([usedId]);
    expect((await call('governance', 'DELETE', `${url}/${usedId}`)).statusCode).toBe(409);
    expect((await call('governance', 'DELETE', `/products/marketing.nope/declassifications/${id}`)).statusCode).toBe(
      404,
    );

    const audit = async (action: string) =>
      (await listAudit(catalog.db, { action, limit: 100 })).items.reverse().map((a) => `${a.actor} ${a.outcome}`);
    expect(await audit('declassification.approve')).toEqual([`${admin.email} ok`, `${governance.email} ok`]);
    expect(await audit('declassification.revoke')).toEqual([
      `${owner.email} refused`,
      `${governance.email} ok`,
      `${admin.email} refused`,
      `${governance.email} refused`,
    ]);
  });
});
