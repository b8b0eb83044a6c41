import { appendAudit, type Catalog, domainSpecOf } from '@meshwork/catalog';
import { type IsolationPattern, isNamedError } from '@meshwork/core';
import type { AccessModel, AccessPrincipal, AccessResource } from '@meshwork/governance';
import { classifiedColumns, type ProductColumn, productResource } from './product-resource.js';

/** A column whose classification a new version lowers or removes. */
export interface Declassification {
  readonly column: string;
  readonly from: string;
  /** The new level, or null when the classification is removed. */
  readonly to: string | null;
}

/**
 * The Cedar resource a publish of `address` is decided on: the product as the catalog holds it, or, for
 * a product never published, its domain with the least sensitive level (its columns are not public yet).
 */
export async function publishTarget(
  catalog: Catalog,
  access: AccessModel,
  address: string,
): Promise<AccessResource & { columns: ProductColumn[] }> {
  try {
    return await productResource(catalog, access, address);
  } catch (error) {
    if (!isNamedError(error, 'NotFoundError')) throw error;
    const domain = address.split('.')[0] as string;
    const spec = (await domainSpecOf(catalog.db, domain)) as { isolation?: string } | undefined;
    return {
      address,
      domain,
      status: 'draft',
      isolation: (spec?.isolation ?? 'schema') as IsolationPattern,
      classification: access.classificationOf([]),
      columns: [],
    };
  }
}

/**
 * The columns a new version's contracts lower or unclassify against the published ones. Lowering a
 * classification is a governance decision (Cedar `declassify`), not a domain's: it would hand data out.
 */
export function declassificationsOf(
  access: AccessModel,
  published: readonly ProductColumn[],
  contracts: readonly unknown[],
): Declassification[] {
  const next = new Map(classifiedColumns(access, contracts).columns.map((c) => [c.name, c.classification]));
  return published.flatMap((c) => {
    if (c.classification === null || !next.has(c.name)) return [];
    const to = next.get(c.name) ?? null;
    return access.scale.lowers(c.classification, to) ? [{ column: c.name, from: c.classification, to }] : [];
  });
}

/**
 * Refuses (403) a version that lowers a classification unless the policies allow its publisher to
 * (Cedar `declassify`; by default the governance group and admins). A refusal is audited as such; an
 * allowed declassification is audited with the publish, in its transaction.
 */
export async function authorizeDeclassification(
  catalog: Catalog,
  access: AccessModel,
  principal: AccessPrincipal,
  target: AccessResource,
  lowered: readonly Declassification[],
  version: string,
  requestId: string,
): Promise<void> {
  if (lowered.length === 0) return;
  const what = lowered.map((d) => `"${d.column}" ${d.from} → ${d.to ?? 'unclassified'}`).join(', ');
  const refusal = `${target.address} ${version} lowers the classification of ${what}; that is a governance decision: a member of the governance group (or an admin) publishes it, with the owners' agreement`;
  const decision = access.authorize(principal, 'declassify', target);
  if (decision.decision === 'allow') return;
  await appendAudit(catalog.db, {
    actor: principal.email,
    action: 'product.publish',
    target: `${target.address}@${version}`,
    outcome: 'refused',
    requestId,
    details: { version, reason: refusal, declassifications: lowered },
  });
  access.require(principal, 'declassify', target, refusal, {}, { declassifications: lowered });
}
