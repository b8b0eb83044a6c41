import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PersonaKey, startServer, type TestServer } from '@meshwork/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-declassify-'));
let example: TestServer;

const as = (user: PersonaKey, ...args: string[]) =>
  runCliAsync(['declassify', ...args, '--server', example.url, '--token', example.tokens[user]], work, {});
const MAYA = 'owner'; // Maya Ortiz, the marketing owner
const GOVERNANCE = 'governance';
const REASON = 'The e-mail addresses are role accounts of companies, not of people.';

beforeAll(async () => {
  example = await startServer({ governance: true });
}, 120_000);
afterAll(async () => {
  await example?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('meshwork declassify', () => {
  it('records an approval as the governance group, lists it for the owner, and revokes it', async () => {
    const refused = await as(
      MAYA,
      'approve',
      'marketing.customers',
      '--for-version',
      '2.0.0',
      '--column',
      'email:pii:internal',
      '--reason',
      REASON,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^meshwork: maya\.ortiz@acme\.example may not approve lowering a classification/);

    const approved = await as(
      GOVERNANCE,
      'approve',
      'marketing.customers',
      '--for-version',
      '2.0.0',
      '--column',
      'email:pii:internal',
      '--column',
      'street_address:pii',
      '--reason',
      REASON,
      '--json',
    );
    expect(approved.code, approved.stderr).toBe(0);
    const approval = JSON.parse(approved.stdout);
    expect(approval).toMatchObject({
      product: 'marketing.customers',
      version: '2.0.0',
      columns: [
        { column: 'email', from: 'pii', to: 'internal' },
        { column: 'street_address', from: 'pii', to: null },
      ],
      state: 'open',
    });

    const listed = await as(MAYA, 'list', 'marketing.customers');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(approval.id);
    expect(listed.stdout).toContain('email pii → internal, street_address pii → unclassified');

    const revoked = await as(GOVERNANCE, 'revoke', 'marketing.customers', approval.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`revoked approval ${approval.id} of marketing.customers`);
    const again = await as(GOVERNANCE, 'revoke', 'marketing.customers', approval.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already revoked by governance@acme\.example/);
    const closed = JSON.parse(
      (await as(GOVERNANCE, 'list', 'marketing.customers', '--state', 'revoked', '--json')).stdout,
    );
    expect(closed.map((a: { id: string }) => a.id)).toEqual([approval.id]);
  });

  it('refuses bad flags with exit 2 before calling the server', async () => {
    const bad = await as(GOVERNANCE, 'approve', 'marketing.customers', '--for-version', '2.0.0', '--column', 'email');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('meshwork: --column takes COLUMN:FROM:TO (or COLUMN:FROM to unclassify), not "email"\n');
    const both = await as(GOVERNANCE, 'approve', 'marketing.customers', '--column', 'email:pii:internal');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--for-version V or --content-hash H/);
  });
});
