import type { ApiError } from '@meshwork/api';
import { parseAddress } from '@meshwork/core';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { apiClient, settle } from '../io/api-client.js';

/** Flags every `meshwork access` subcommand takes. */
export interface AccessFlags {
  readonly server?: string;
  readonly token?: string;
  readonly json?: boolean;
}

const STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'];
const MAX_DAYS = 365;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `meshwork access request PRODUCT --purpose TEXT [--columns a,b] [--days 90] [--consumer-product D.P]`:
 * asks for access to a product. Data classified internal or lower, asked for without columns, is granted at
 * once; anything else waits for an owner of the product's domain.
 */
export async function accessRequestCommand(
  product: string,
  flags: AccessFlags & {
    readonly purpose?: string;
    readonly columns?: string;
    readonly days?: string;
    readonly consumerProduct?: string;
  },
): Promise<number> {
  if (!isProduct(product))
    throw new UsageError(`access request takes a product address domain.product, not "${product}"`);
  if (flags.purpose === undefined || flags.purpose.trim() === '')
    throw new UsageError('say why you need the data: --purpose "…" (at least 10 characters)');
  const days = Number(flags.days ?? 90);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new UsageError(`--days takes a whole number of days from 1 to ${MAX_DAYS}, not "${flags.days}"`);
  const columns = flags.columns === undefined ? [] : flags.columns.split(',').map((c) => c.trim());
  if (columns.some((c) => c === ''))
    throw new UsageError(`--columns takes column names separated by commas, not "${flags.columns}"`);
  if (flags.consumerProduct !== undefined && !isProduct(flags.consumerProduct))
    throw new UsageError(`--consumer-product takes an address domain.product, not "${flags.consumerProduct}"`);
  const api = apiClient(flags);
  const result = await settle(
    api.requestAccess({
      product,
      purpose: flags.purpose,
      expiresInDays: days,
      ...(columns.length > 0 ? { columns } : {}),
      ...(flags.consumerProduct === undefined ? {} : { consumerProduct: flags.consumerProduct }),
    }),
  );
  if (!result.ok) return refused(result.error, flags.json);
  const { request, grant } = result.body;
  const what = `${request.product}${request.columns.length > 0 ? ` (unmasked: ${request.columns.join(', ')})` : ''}`;
  const lines = grant
    ? [
        `${pc.green('✔')} granted ${what} until ${day(grant.expiresAt)}: ${request.decisionNote ?? 'approved'}`,
        `  grant ${grant.id}`,
      ]
    : [
        `${pc.green('✔')} requested ${what} until ${day(request.expiresAt)}: ${request.status}`,
        `  request ${request.id}; an owner of ${request.product.split('.')[0]} decides (meshwork access list --status pending)`,
      ];
  return done(result.body, lines, flags.json);
}

/**
 * `meshwork access list [--status S] [--product D.P] [--mine] [--grants [--active]]`: the requests (or
 * grants) the caller may see, newest first, as a compact table.
 */
export async function accessListCommand(
  flags: AccessFlags & {
    readonly status?: string;
    readonly product?: string;
    readonly grants?: boolean;
    readonly active?: boolean;
    readonly mine?: boolean;
  },
): Promise<number> {
  if (flags.product !== undefined && !isProduct(flags.product))
    throw new UsageError(`--product takes an address domain.product, not "${flags.product}"`);
  if (flags.status !== undefined && !STATUSES.includes(flags.status))
    throw new UsageError(`--status takes one of ${STATUSES.join(', ')}, not "${flags.status}"`);
  if (flags.grants && flags.status !== undefined)
    throw new UsageError('--status filters requests; with --grants use --active');
  if (!flags.grants && flags.active) throw new UsageError('--active filters grants; add --grants');
  const api = apiClient(flags);
  const query = { product: flags.product || undefined, mine: flags.mine || undefined };
  if (flags.grants) {
    const result = await settle(api.listGrants({ ...query, active: flags.active || undefined }));
    if (!result.ok) return refused(result.error, flags.json);
    const rows = result.body.items.map((g) => [
      g.id,
      g.product,
      g.granteeEmail,
      g.columns.join(',') || '—',
      day(g.expiresAt),
      g.revokedAt ? 'revoked' : g.active ? 'active' : 'expired',
    ]);
    const text = table(['grant', 'product', 'grantee', 'unmasked', 'expires', 'state'], rows);
    return done(result.body.items, rows.length > 0 ? text : ['no grants'], flags.json);
  }
  const result = await settle(api.listAccessRequests({ ...query, status: flags.status || undefined }));
  if (!result.ok) return refused(result.error, flags.json);
  const rows = result.body.items.map((r) => [
    r.id,
    r.product,
    r.requesterEmail,
    r.status,
    r.columns.join(',') || '—',
    day(r.expiresAt),
    r.purpose.length > 40 ? `${r.purpose.slice(0, 39)}…` : r.purpose,
  ]);
  const text = table(['request', 'product', 'requester', 'status', 'unmasked', 'expires', 'purpose'], rows);
  return done(result.body.items, rows.length > 0 ? text : ['no access requests'], flags.json);
}

/** `meshwork access approve|reject ID [--note TEXT]`: decides a pending request (owners of its domain). */
export async function accessDecideCommand(
  decision: 'approve' | 'reject',
  id: string,
  flags: AccessFlags & { readonly note?: string },
): Promise<number> {
  if (!ID.test(id))
    throw new UsageError(`access ${decision} takes a request id (see meshwork access list), not "${id}"`);
  const api = apiClient(flags);
  const result = await settle(api.decide(id, decision, flags.note === undefined ? {} : { note: flags.note }));
  if (!result.ok) return refused(result.error, flags.json);
  const { request, grant } = result.body;
  const lines = grant
    ? [
        `${pc.green('✔')} approved: ${request.requesterEmail} may use ${request.product} until ${day(grant.expiresAt)}`,
        `  grant ${grant.id}`,
      ]
    : [`${pc.green('✔')} rejected the request of ${request.requesterEmail} for ${request.product}`];
  return done(result.body, lines, flags.json);
}

/** `meshwork access revoke GRANT_ID`: ends a grant at once (owners of its domain, the grantee, admins). */
export async function accessRevokeCommand(id: string, flags: AccessFlags): Promise<number> {
  if (!ID.test(id))
    throw new UsageError(`access revoke takes a grant id (see meshwork access list --grants), not "${id}"`);
  const api = apiClient(flags);
  const result = await settle(api.revokeGrant(id));
  if (!result.ok) return refused(result.error, flags.json);
  const g = result.body;
  return done(g, [`${pc.green('✔')} revoked grant ${g.id}: ${g.granteeEmail} on ${g.product}`], flags.json);
}

/** Prints a success as JSON or text; exit 0. */
export function done(value: unknown, lines: readonly string[], json: boolean | undefined): number {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${lines.join('\n')}\n`);
  return 0;
}

/**
 * Prints the server's refusal (exit 1), with its hint; a refused token is a usage error (exit 2), as for
 * every command that calls the server.
 */
export function refused(error: ApiError, json: boolean | undefined): number {
  if (error.status === 401) throw new UsageError(`the server refused the token: ${error.message}`);
  if (json) {
    const { status, code, message, details } = error;
    process.stdout.write(`${JSON.stringify({ ok: false, error: { status, code, message, details } }, null, 2)}\n`);
    return 1;
  }
  process.stderr.write(`meshwork: ${error.message}\n`);
  const reasons = (error.details.reasons ?? []) as { policy: string; description?: string }[];
  for (const r of reasons) process.stderr.write(`  policy ${r.policy}${r.description ? `: ${r.description}` : ''}\n`);
  return 1;
}

/** An aligned table with a dim header. */
export function table(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [pc.dim(line(header)), ...rows.map(line)];
}

/** True for a product address `domain.product` (not a table address). */
function isProduct(text: string): boolean {
  const address = parseAddress(text);
  return address !== undefined && address.table === undefined;
}

/** The date of an ISO instant (access runs in days). */
function day(iso: string): string {
  return iso.slice(0, 10);
}
