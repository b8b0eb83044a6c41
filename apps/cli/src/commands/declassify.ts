import type { DeclassificationApproval, DeclassificationApprovalState } from '@meshwork/api';
import { parseAddress } from '@meshwork/core';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { apiClient, settle } from '../io/api-client.js';
import { type AccessFlags, done, refused, table } from './access.js';

const STATES: readonly DeclassificationApprovalState[] = ['open', 'used', 'revoked'];
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMN = /^([^:\s]+):([^:\s]+)(?::([^:\s]*))?$/;

/**
 * `meshwork declassify approve PRODUCT (--for-version V | --content-hash H) --column COL:FROM[:TO]... --reason TEXT`:
 * records the governance group's approval to lower the classification of exactly these columns in the
 * version to be published (TO left out: the classification is removed). An owner of the product's domain
 * then publishes that version; the approval is used by it.
 */
export async function declassifyApproveCommand(
  product: string,
  flags: AccessFlags & {
    readonly forVersion?: string;
    readonly contentHash?: string;
    readonly column?: readonly string[];
    readonly reason?: string;
  },
): Promise<number> {
  checkProduct(product, 'declassify approve');
  if ((flags.forVersion === undefined) === (flags.contentHash === undefined))
    throw new UsageError('say which version the approval is for: --for-version V or --content-hash H, one of them');
  const specs = flags.column ?? [];
  if (specs.length === 0)
    throw new UsageError('name every column the version lowers: --column email:pii:internal (repeat it)');
  const columns = specs.map((spec) => {
    const match = COLUMN.exec(spec);
    if (!match) throw new UsageError(`--column takes COLUMN:FROM:TO (or COLUMN:FROM to unclassify), not "${spec}"`);
    return { column: match[1] as string, from: match[2] as string, to: match[3] ? match[3] : null };
  });
  if (flags.reason === undefined || flags.reason.trim() === '')
    throw new UsageError('say why the data may be less protected: --reason "…" (at least 10 characters)');
  const result = await settle(
    apiClient(flags).approveDeclassification(product, {
      ...(flags.forVersion === undefined ? {} : { version: flags.forVersion }),
      ...(flags.contentHash === undefined ? {} : { contentHash: flags.contentHash }),
      columns,
      reason: flags.reason,
    }),
  );
  if (!result.ok) return refused(result.error, flags.json);
  const a = result.body;
  return done(
    a,
    [
      `${pc.green('✔')} approved lowering ${describe(a)} of ${a.product} ${a.version ?? `(content ${a.contentHash?.slice(0, 12)}…)`}`,
      `  approval ${a.id}; an owner of ${a.product.split('.')[0]} publishes that version (meshwork publish)`,
    ],
    flags.json,
  );
}

/** `meshwork declassify list PRODUCT [--state open|used|revoked]`: a product's approvals, newest first. */
export async function declassifyListCommand(
  product: string,
  flags: AccessFlags & { readonly state?: string },
): Promise<number> {
  checkProduct(product, 'declassify list');
  const state = STATES.find((s) => s === flags.state);
  if (flags.state !== undefined && state === undefined)
    throw new UsageError(`--state takes one of ${STATES.join(', ')}, not "${flags.state}"`);
  const result = await settle(apiClient(flags).listDeclassifications(product, state ? { state } : {}));
  if (!result.ok) return refused(result.error, flags.json);
  const rows = result.body.items.map((a) => [
    a.id,
    a.version ?? `#${a.contentHash?.slice(0, 12)}`,
    describe(a),
    a.approvedBy,
    a.state === 'used' ? `used by ${a.usedVersion}` : a.state,
  ]);
  const text = table(['approval', 'version', 'columns', 'approved by', 'state'], rows);
  return done(result.body.items, rows.length > 0 ? text : ['no declassification approvals'], flags.json);
}

/** `meshwork declassify revoke PRODUCT APPROVAL_ID`: withdraws an open approval (governance, admins). */
export async function declassifyRevokeCommand(product: string, id: string, flags: AccessFlags): Promise<number> {
  checkProduct(product, 'declassify revoke');
  if (!ID.test(id))
    throw new UsageError(`declassify revoke takes an approval id (see meshwork declassify list), not "${id}"`);
  const result = await settle(apiClient(flags).revokeDeclassification(product, id));
  if (!result.ok) return refused(result.error, flags.json);
  return done(result.body, [`${pc.green('✔')} revoked approval ${id} of ${product}`], flags.json);
}

function checkProduct(text: string, command: string): void {
  const address = parseAddress(text);
  if (address === undefined || address.table !== undefined)
    throw new UsageError(`${command} takes a product address domain.product, not "${text}"`);
}

/** `email pii → internal, phone pii → unclassified`. */
function describe(a: DeclassificationApproval): string {
  return a.columns.map((c) => `${c.column} ${c.from} → ${c.to ?? 'unclassified'}`).join(', ');
}
