import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog } from '@meshwork/catalog';
import {
  PERSONAS,
  type PersonaKey,
  publishAll,
  SEEDED_PERSONAS,
  startServer,
  type TestServer,
} from '@meshwork/test-support';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDevUsers } from '../src/io/seed-users.js';
import { runCliAsync } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-access-'));
let example: TestServer;
let server: string;
let tokens: Record<PersonaKey, string>;

const cli = (args: readonly string[], env: Record<string, string> = {}) => runCliAsync(args, work, env);
const as = (user: PersonaKey, ...args: string[]) =>
  cli(['access', ...args, '--server', server, '--token', tokens[user]]);
const FATIMA = PERSONAS.consumer.email; // the finance analyst
const PURPOSE = 'Reconcile invoices with the customers marketing acquired, for the quarterly close.';

// Each test starts from a fresh catalog: requests and grants of one test never show in another's lists.
beforeEach(async () => {
  example = await startServer({ governance: true });
  ({ url: server, tokens } = example);
}, 120_000);
afterEach(async () => {
  await example?.close();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('meshwork access', () => {
  it('seeds the dev users of meshwork up as the test personas, with the same clearances', async () => {
    const catalog = await openCatalog();
    try {
      const mesh = await publishAll(catalog);
      const seeded = await seedDevUsers(catalog, mesh, 'acme', join(work, 'dev-tokens.json'));
      expect(
        seeded.map((u) => [u.label, u.user.name, u.user.email, u.user.role, u.user.domain, u.user.clearance]),
      ).toEqual(
        SEEDED_PERSONAS.map((key) => {
          const p = PERSONAS[key];
          return [p.label, p.name, p.email, p.role, p.domain, p.clearance];
        }),
      );
      const file = JSON.parse(readFileSync(join(work, 'dev-tokens.json'), 'utf8')) as Record<string, string>;
      expect(Object.keys(file)).toEqual(SEEDED_PERSONAS.map((key) => PERSONAS[key].email));
    } finally {
      await catalog.close();
    }
  });

  it('walks a request for PII through approval to an active grant, and revokes it', async () => {
    const asked = await as(
      'consumer',
      'request',
      'marketing.customers',
      '--purpose',
      PURPOSE,
      '--columns',
      'email,full_name',
      '--days',
      '30',
      '--json',
    );
    expect(asked.code).toBe(0);
    const { request, grant } = JSON.parse(asked.stdout);
    expect(grant).toBeNull();
    expect(request).toMatchObject({
      product: 'marketing.customers',
      status: 'pending',
      columns: ['email', 'full_name'],
    });

    const pending = await as('owner', 'list', '--status', 'pending');
    expect(pending.code).toBe(0);
    const [header, row, ...rest] = pending.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^request +product +requester +status +unmasked +expires +purpose$/);
    expect(row).toMatch(
      new RegExp(
        `^${request.id} +marketing\\.customers +${FATIMA.replace('.', '\\.')} +pending +email,full_name +\\d{4}-\\d\\d-\\d\\d +Reconcile invoices with the customers m…$`,
      ),
    );
    expect(rest).toEqual([]);

    const intruder = await as('consumer', 'approve', request.id);
    expect(intruder.code).toBe(1);
    expect(intruder.stderr).toContain(
      `meshwork: ${FATIMA} may not approve marketing.customers: no policy permits it; owners of marketing`,
    );

    const approved = await as('owner', 'approve', request.id, '--note', 'Q3 close only');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(
      new RegExp(
        `^✔ approved: ${FATIMA.replace('.', '\\.')} may use marketing\\.customers until \\d{4}-\\d\\d-\\d\\d\\n  grant [0-9a-f-]{36}\\n$`,
      ),
    );
    const again = await as('owner', 'approve', request.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was already approved by maya\.ortiz@acme\.example/);

    const grants = await as('consumer', 'list', '--grants', '--active', '--json');
    const [active] = JSON.parse(grants.stdout);
    expect(active).toMatchObject({ product: 'marketing.customers', columns: ['email', 'full_name'], active: true });
    const revoked = await as('owner', 'revoke', active.id);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: `✔ revoked grant ${active.id}: ${FATIMA} on marketing.customers\n`,
    });
    expect((await as('owner', 'revoke', active.id)).code).toBe(1);
    const table = await as('consumer', 'list', '--grants');
    expect(table.stdout).toMatch(new RegExp(`${active.id} +marketing\\.customers .* revoked\\n$`));
  });

  it('grants internal data at once, and lets an owner reject', async () => {
    const auto = await as('consumer', 'request', 'marketing.attribution', '--purpose', PURPOSE);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toMatch(
      /^✔ granted marketing\.attribution until \d{4}-\d\d-\d\d: auto-approved: internal data or lower\n {2}grant [0-9a-f-]{36}\n$/,
    );

    // The environment works as well as the flags.
    const env = { MESHWORK_URL: server, MESHWORK_TOKEN: tokens.consumer };
    const asked = await cli(['access', 'request', 'marketing.campaigns', '--purpose', PURPOSE, '--json'], env);
    expect(asked.code).toBe(0);
    const id = JSON.parse(asked.stdout).request.id;
    const rejected = await as('owner', 'reject', id, '--note', 'use finance.revenue_by_channel');
    expect(rejected).toMatchObject({
      code: 0,
      stdout: `✔ rejected the request of ${FATIMA} for marketing.campaigns\n`,
    });
    const mine = await cli(['access', 'list', '--mine', '--json'], env);
    expect(JSON.parse(mine.stdout).map((r: { product: string; status: string }) => `${r.product} ${r.status}`)).toEqual(
      ['marketing.campaigns rejected', 'marketing.attribution approved'],
    );
  });

  it('reports what the server refuses with exit 1 and bad usage with exit 2', async () => {
    const typo = await as('consumer', 'request', 'marketing.customers', '--purpose', PURPOSE, '--columns', 'full_nme');
    expect(typo).toMatchObject({ code: 1, stdout: '' });
    expect(typo.stderr).toBe(
      'meshwork: column "full_nme" is not in the latest contract of marketing.customers. Did you mean `full_name`?\n',
    );
    const short = await as('consumer', 'request', 'marketing.customers', '--purpose', 'reports', '--json');
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout)).toMatchObject({
      ok: false,
      error: { status: 400, details: { field: 'purpose' } },
    });
    expect((await as('consumer', 'request', 'marketing.nope', '--purpose', PURPOSE)).code).toBe(1);
    for (const args of [
      ['request', 'marketing'],
      ['request', 'marketing.customers'],
      ['request', 'marketing.customers', '--purpose', PURPOSE, '--days', '0'],
      ['request', 'marketing.customers', '--purpose', PURPOSE, '--columns', 'a,,b'],
      ['list', '--status', 'done'],
      ['list', '--active'],
      ['approve', '42'],
      ['revoke', 'latest'],
      ['request', 'marketing.customers', '--purpose', PURPOSE, '--colums', 'email'],
    ]) {
      const result = await as('consumer', ...args);
      expect(result.code, args.join(' ')).toBe(2);
    }
    const noToken = await cli(['access', 'list', '--server', server]);
    expect(noToken).toMatchObject({ code: 2 });
    expect(noToken.stderr).toContain('no token: pass --token or set MESHWORK_TOKEN');
    expect((await cli(['access', 'list', '--server', server, '--token', 'mw_wrong'])).code).toBe(2);
  });
});
