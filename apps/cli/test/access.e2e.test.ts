import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, listUsers } from '@meshwork/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleServer, startExampleServer } from './example-server.js';
import { runCliAsync } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'meshwork-access-'));
let example: ExampleServer;
let catalog: Catalog;
let server: string;
let tokens: Record<string, string>;

const cli = (args: readonly string[], env: Record<string, string> = {}) => runCliAsync(args, work, env);
const as = (user: string, ...args: string[]) =>
  cli(['access', ...args, '--server', server, '--token', tokens[user] ?? '']);
const MAYA = 'maya.ortiz@acme.example'; // the marketing owner
const FATIMA = 'fatima.ali@acme.example'; // the finance analyst
const PURPOSE = 'Reconcile invoices with the customers marketing acquired, for the quarterly close.';

beforeAll(async () => {
  example = await startExampleServer(work);
  ({ catalog, url: server, tokens } = example);
}, 120_000);
afterAll(async () => {
  await example?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('meshwork access', () => {
  it('runs against the dev users meshwork up seeds, each with a clearance', async () => {
    const users = await listUsers(catalog.db);
    expect(users.map((u) => [u.email, u.clearance])).toEqual(
      [
        [MAYA, 'pii'],
        [FATIMA, 'confidential'],
        ['elif.yilmaz@acme.example', 'internal'],
        ['governance@acme.example', 'pii'],
        ['admin@acme.example', 'pii'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('walks a request for PII through approval to an active grant, and revokes it', async () => {
    const asked = await as(
      FATIMA,
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

    const pending = await as(MAYA, 'list', '--status', 'pending');
    expect(pending.code).toBe(0);
    const [header, row, ...rest] = pending.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^request +product +requester +status +unmasked +expires +purpose$/);
    expect(row).toMatch(
      new RegExp(
        `^${request.id} +marketing\\.customers +${FATIMA.replace('.', '\\.')} +pending +email,full_name +\\d{4}-\\d\\d-\\d\\d +Reconcile invoices with the customers m…$`,
      ),
    );
    expect(rest).toEqual([]);

    const intruder = await as(FATIMA, 'approve', request.id);
    expect(intruder.code).toBe(1);
    expect(intruder.stderr).toContain(
      `meshwork: ${FATIMA} may not approve marketing.customers: no policy permits it; owners of marketing`,
    );

    const approved = await as(MAYA, 'approve', request.id, '--note', 'Q3 close only');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(
      new RegExp(
        `^✔ approved: ${FATIMA.replace('.', '\\.')} may use marketing\\.customers until \\d{4}-\\d\\d-\\d\\d\\n  grant [0-9a-f-]{36}\\n$`,
      ),
    );
    const again = await as(MAYA, 'approve', request.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was already approved by maya\.ortiz@acme\.example/);

    const grants = await as(FATIMA, 'list', '--grants', '--active', '--json');
    const [active] = JSON.parse(grants.stdout);
    expect(active).toMatchObject({ product: 'marketing.customers', columns: ['email', 'full_name'], active: true });
    const revoked = await as(MAYA, 'revoke', active.id);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: `✔ revoked grant ${active.id}: ${FATIMA} on marketing.customers\n`,
    });
    expect((await as(MAYA, 'revoke', active.id)).code).toBe(1);
    const table = await as(FATIMA, 'list', '--grants');
    expect(table.stdout).toMatch(new RegExp(`${active.id} +marketing\\.customers .* revoked\\n$`));
  });

  it('grants internal data at once, and lets an owner reject', async () => {
    const auto = await as(FATIMA, 'request', 'marketing.attribution', '--purpose', PURPOSE);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toMatch(
      /^✔ granted marketing\.attribution until \d{4}-\d\d-\d\d: auto-approved: internal data or lower\n {2}grant [0-9a-f-]{36}\n$/,
    );

    // The environment works as well as the flags.
    const env = { MESHWORK_URL: server, MESHWORK_TOKEN: tokens[FATIMA] ?? '' };
    const asked = await cli(['access', 'request', 'marketing.campaigns', '--purpose', PURPOSE, '--json'], env);
    expect(asked.code).toBe(0);
    const id = JSON.parse(asked.stdout).request.id;
    const rejected = await as(MAYA, 'reject', id, '--note', 'use finance.revenue_by_channel');
    expect(rejected).toMatchObject({
      code: 0,
      stdout: `✔ rejected the request of ${FATIMA} for marketing.campaigns\n`,
    });
    const mine = await cli(['access', 'list', '--mine', '--json'], env);
    expect(JSON.parse(mine.stdout).map((r: { product: string; status: string }) => `${r.product} ${r.status}`)).toEqual(
      ['marketing.campaigns rejected', 'marketing.attribution approved', 'marketing.customers approved'],
    );
  });

  it('reports what the server refuses with exit 1 and bad usage with exit 2', async () => {
    const typo = await as(FATIMA, 'request', 'marketing.customers', '--purpose', PURPOSE, '--columns', 'full_nme');
    expect(typo).toMatchObject({ code: 1, stdout: '' });
    expect(typo.stderr).toBe(
      'meshwork: column "full_nme" is not in the latest contract of marketing.customers. Did you mean `full_name`?\n',
    );
    const short = await as(FATIMA, 'request', 'marketing.customers', '--purpose', 'reports', '--json');
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout)).toMatchObject({
      ok: false,
      error: { status: 400, details: { field: 'purpose' } },
    });
    expect((await as(FATIMA, 'request', 'marketing.nope', '--purpose', PURPOSE)).code).toBe(1);
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
      const result = await as(FATIMA, ...args);
      expect(result.code, args.join(' ')).toBe(2);
    }
    const noToken = await cli(['access', 'list', '--server', server]);
    expect(noToken).toMatchObject({ code: 2 });
    expect(noToken.stderr).toContain('no token: pass --token or set MESHWORK_TOKEN');
    expect((await cli(['access', 'list', '--server', server, '--token', 'mw_wrong'])).code).toBe(2);
  });
});
