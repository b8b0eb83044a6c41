import { type Catalog, type DeclassifiedColumn, domainSpecOf } from '@meshwork/catalog';
import { type IsolationPattern, isNamedError } from '@meshwork/core';
import type { AccessModel, AccessResource } from '@meshwork/governance';
import { classifiedColumns, type ProductColumn, productResource } from './product-resource.js';

/** A column whose classification a new version lowers or removes. */
export type Declassification = DeclassifiedColumn;

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
 * classification is a governance decision (Cedar `declassify`), not a domain's alone: it would hand data
 * out. The gate that asks it is `declassificationGate` (services/declassifications.ts).
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
