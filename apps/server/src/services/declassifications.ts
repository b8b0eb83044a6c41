import type { DeclassificationApproval as ApprovalJson } from '@meshwork/api';
import {
  appendAudit,
  type DeclassificationApproval,
  type DeclassificationApprovalState,
  type DeclassifiedColumn,
  findDeclassificationApproval,
  getDeclassificationApproval,
  listDeclassificationApprovals,
  recordDeclassificationApproval,
  revokeDeclassificationApproval,
  type User,
} from '@meshwork/catalog';
import { InputError, NotAllowedError, NotFoundError } from '@meshwork/core';
import type { AccessDecision, AccessModel, AccessResource } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';
import { type ProductColumn, productResource } from '../access/product-resource.js';
import type { ServiceDeps } from './service-deps.js';

/** What the declassification service needs: the catalog and the mesh's access model. */
type DeclassificationDeps = Pick<ServiceDeps, 'catalog' | 'access' | 'events'>;

/** An approval to record for product `address`: exactly one of `version` and `contentHash`. */
export interface ApproveDeclassificationInput {
  readonly address: string;
  readonly version?: string | undefined;
  readonly contentHash?: string | undefined;
  readonly columns: readonly DeclassifiedColumn[];
  readonly reason: string;
  readonly requestId?: string;
}

/**
 * Records a governance approval of a declassification (Cedar `approveDeclassification`; by default the
 * governance group and admins). Every column must be in the product's latest published contracts at
 * `from`, and `to` a level of the taxonomy less sensitive than `from` (or null). Audited, refusals too.
 */
export async function approveDeclassification(
  deps: DeclassificationDeps,
  user: User,
  input: ApproveDeclassificationInput,
): Promise<DeclassificationApproval> {
  const resource = await productResource(deps.catalog, deps.access, input.address);
  const decision = deps.access.authorize(principalOf(user), 'approveDeclassification', resource);
  if (decision.decision === 'deny') {
    const refusal = `${user.email} may not approve lowering a classification of ${input.address}; the governance group (and admins) record approvals, an owner of ${resource.domain} then publishes the version`;
    await appendAudit(deps.catalog.db, {
      actor: user.email,
      action: 'declassification.approve',
      target: input.address,
      outcome: 'refused',
      requestId: input.requestId,
      details: { reason: refusal, columns: input.columns },
    });
    throw new NotAllowedError(refusal, { address: input.address, ...decisionDetails(decision) });
  }
  if ((input.version === undefined) === (input.contentHash === undefined)) {
    throw new InputError('give the version to be published or its contentHash, exactly one of them', {
      field: 'version',
    });
  }
  if (input.reason.trim().length < 10) {
    throw new InputError('reason must say why the data may be less protected, in at least 10 characters', {
      field: 'reason',
    });
  }
  checkColumns(deps.access, resource.address, resource.columns, input.columns);
  const approval = await recordDeclassificationApproval(deps.catalog.db, {
    product: input.address,
    version: input.version ?? null,
    contentHash: input.contentHash ?? null,
    columns: input.columns,
    reason: input.reason.trim(),
    approvedBy: user.email,
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
  });
  await raiseApprovalEvent(deps, 'declassification.approved', approval, user);
  return approval;
}

/**
 * The approvals of a product, newest first, for whoever may approve them or publish the product (its
 * owners and members need them to publish).
 */
export async function listDeclassifications(
  deps: DeclassificationDeps,
  user: User,
  input: { readonly address: string; readonly state?: DeclassificationApprovalState; readonly limit?: number },
): Promise<DeclassificationApproval[]> {
  const resource = await productResource(deps.catalog, deps.access, input.address);
  const principal = principalOf(user);
  const approver = deps.access.authorize(principal, 'approveDeclassification', resource);
  if (approver.decision === 'deny') {
    deps.access.require(
      principal,
      'publish',
      resource,
      `${user.email} may not see the declassification approvals of ${input.address}; its domain's publishers and the governance group may`,
      {},
      { address: input.address },
    );
  }
  return listDeclassificationApprovals(deps.catalog.db, {
    product: input.address,
    ...(input.state ? { state: input.state } : {}),
    limit: input.limit ?? 100,
  });
}

/** Revokes an open approval (Cedar `approveDeclassification`: who may approve may revoke). Audited, refusals too. */
export async function revokeDeclassification(
  deps: DeclassificationDeps,
  user: User,
  input: { readonly address: string; readonly id: string; readonly requestId?: string },
): Promise<DeclassificationApproval> {
  const approval = await getDeclassificationApproval(deps.catalog.db, input.id);
  if (approval.product !== input.address) {
    throw new NotFoundError(`declassification approval ${input.id} is not one of ${input.address}`, {
      id: input.id,
      address: input.address,
    });
  }
  const resource = await productResource(deps.catalog, deps.access, input.address);
  const decision = deps.access.authorize(principalOf(user), 'approveDeclassification', resource);
  if (decision.decision === 'deny') {
    const refusal = `${user.email} may not revoke declassification approval ${input.id} of ${input.address}; the governance group and admins may`;
    await appendAudit(deps.catalog.db, {
      actor: user.email,
      action: 'declassification.revoke',
      target: input.address,
      outcome: 'refused',
      requestId: input.requestId,
      details: { reason: refusal, approval: input.id },
    });
    throw new NotAllowedError(refusal, { approval: input.id, address: input.address, ...decisionDetails(decision) });
  }
  const revoked = await revokeDeclassificationApproval(deps.catalog.db, input.id, user.email, {
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
  });
  await raiseApprovalEvent(deps, 'declassification.revoked', revoked, user);
  return revoked;
}

/**
 * Raises `declassification.approved` or `declassification.revoked` after the catalog has committed it, so
 * a domain's subscribers learn that a lower classification is coming (or no longer is) before the publish.
 */
async function raiseApprovalEvent(
  deps: Pick<ServiceDeps, 'events'>,
  name: 'declassification.approved' | 'declassification.revoked',
  approval: DeclassificationApproval,
  user: User,
): Promise<void> {
  await deps.events?.raise({
    name,
    subject: approval.product,
    domain: approval.product.split('.')[0] ?? null,
    actor: user.email,
    data: approvalJson(approval),
  });
}

/** A publish that lowers classifications, as the gate sees it. */
export interface DeclassifyingVersion {
  /** The product as the catalog holds it (the publish's Cedar resource). */
  readonly target: AccessResource;
  readonly version: string;
  readonly contentHash: string;
  /** The columns the version lowers or unclassifies against the published ones. */
  readonly lowered: readonly DeclassifiedColumn[];
  readonly requestId?: string;
}

/**
 * The publish-time gate of a version that lowers classifications. It looks for an open approval covering
 * exactly this version (or content hash) and these columns, and asks the access model (Cedar `declassify`
 * with `declassificationApproved`) whether `user` may publish it. Allowed: the approval to use in the
 * publish's transaction, when the policies needed one. Refused: audited, and a 403 that names what is
 * missing (an approval, a publisher the policies accept, or both) and how to get it.
 */
export async function declassificationGate(
  deps: DeclassificationDeps,
  user: User,
  input: DeclassifyingVersion,
): Promise<{ readonly approval: string; readonly columns: readonly DeclassifiedColumn[] } | undefined> {
  const { target, version, lowered } = input;
  if (lowered.length === 0) return undefined;
  const approval = await findDeclassificationApproval(deps.catalog.db, {
    product: target.address,
    version,
    contentHash: input.contentHash,
    columns: lowered,
  });
  const verdict = deps.access.declassification(principalOf(user), target, approval !== undefined);
  if (verdict.decision.decision === 'allow') {
    return approval && verdict.approvalRequired ? { approval: approval.id, columns: lowered } : undefined;
  }
  const what = lowered.map((d) => `"${d.column}" ${d.from} → ${d.to ?? 'unclassified'}`).join(', ');
  const command = `meshwork declassify approve ${target.address} --for-version ${version} ${lowered
    .map((d) => `--column ${d.column}:${d.from}${d.to === null ? '' : `:${d.to}`}`)
    .join(' ')} --reason "…"`;
  const missing = [...(approval ? [] : ['approval']), ...(verdict.approvalSuffices ? [] : ['publisher'])];
  const open = approval
    ? []
    : await listDeclassificationApprovals(deps.catalog.db, { product: target.address, state: 'open', limit: 20 });
  const needs = approval
    ? `approval ${approval.id} covers it, but ${user.email} may not publish it: an owner of ${target.domain} publishes an approved declassification`
    : verdict.approvalSuffices
      ? `it needs a governance approval of exactly these columns for ${version}, and none is recorded${open.length > 0 ? ` (the ${open.length} open approval${open.length === 1 ? '' : 's'} of ${target.address} cover${open.length === 1 ? 's' : ''} another version or other columns)` : ''}: ask the governance group to record one (${command}), then publish again`
      : `it needs a governance approval (${command}) and an owner of ${target.domain} to publish it; ${user.email} may not publish it even with one`;
  const refusal = `${target.address} ${version} lowers the classification of ${what}; ${needs}`;
  const details = {
    version,
    declassifications: lowered,
    missing,
    approval: approval?.id ?? null,
    openApprovals: open.map((a) => ({ id: a.id, version: a.version, contentHash: a.contentHash, columns: a.columns })),
  };
  await appendAudit(deps.catalog.db, {
    actor: user.email,
    action: 'product.publish',
    target: `${target.address}@${version}`,
    outcome: 'refused',
    requestId: input.requestId,
    details: { ...details, reason: refusal },
  });
  throw new NotAllowedError(refusal, { ...details, ...decisionDetails(verdict.decision) });
}

/** An approval as the API answers it: dates as ISO strings. */
export function approvalJson(a: DeclassificationApproval): ApprovalJson {
  return {
    id: a.id,
    product: a.product,
    version: a.version,
    contentHash: a.contentHash,
    columns: a.columns.map((c) => ({ column: c.column, from: c.from, to: c.to })),
    reason: a.reason,
    approvedBy: a.approvedBy,
    approvedAt: a.approvedAt.toISOString(),
    state: a.state,
    revokedAt: a.revokedAt?.toISOString() ?? null,
    revokedBy: a.revokedBy,
    usedAt: a.usedAt?.toISOString() ?? null,
    usedBy: a.usedBy,
    usedVersion: a.usedVersion,
  };
}

/**
 * Each column must be in the latest published contracts, classified `from` there, and `to` must be a
 * level of the taxonomy less sensitive than `from`, or null (unclassified).
 */
function checkColumns(
  access: AccessModel,
  address: string,
  published: readonly ProductColumn[],
  columns: readonly DeclassifiedColumn[],
): void {
  const known = new Map(published.map((c) => [c.name, c.classification]));
  const levels = access.scale.taxonomy.levels.map((l) => l.name);
  for (const { column, from, to } of columns) {
    if (!known.has(column)) {
      throw new InputError(`column "${column}" is not in the latest published contract of ${address}`, {
        field: 'columns',
        column,
        known: [...known.keys()],
      });
    }
    const level = known.get(column) ?? null;
    if (level !== from) {
      throw new InputError(
        `column "${column}" of ${address} is ${level === null ? 'not classified' : `classified ${level}`}, not ${from}; approve lowering it from what is published`,
        { field: 'columns', column, classification: level },
      );
    }
    if (to !== null && !levels.includes(to)) {
      throw new InputError(`"${to}" is not a level of the taxonomy (${levels.join(', ')})`, {
        field: 'columns',
        column,
      });
    }
    if (!access.scale.lowers(from, to)) {
      throw new InputError(`"${column}" ${from} → ${to} does not lower the classification; raising needs no approval`, {
        field: 'columns',
        column,
      });
    }
  }
}

function decisionDetails(decision: AccessDecision): Record<string, unknown> {
  return { decision: decision.decision, reasons: [...decision.reasons], errors: [...decision.errors] };
}
