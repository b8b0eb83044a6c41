import { type Catalog, domainIsolationOf, getProduct, latestVersionContent } from '@meshwork/catalog';
import type { IsolationPattern } from '@meshwork/core';
import type { AccessModel, AccessResource } from '@meshwork/governance';

/** A column of a product's latest published contracts, with its classification level (null: unclassified). */
export interface ProductColumn {
  readonly name: string;
  readonly classification: string | null;
}

/**
 * The Cedar resource of a product as the catalog holds it: its domain, status (products table), isolation
 * (domains table) and classification, the most sensitive level (by taxonomy rank) among the columns of its
 * latest published contracts, or the least sensitive level when none is classified. Also its columns, each
 * with its level: a column name that appears in several tables gets the most sensitive of them. Throws
 * NotFoundError for a product the catalog does not have.
 */
export async function productResource(
  catalog: Catalog,
  access: AccessModel,
  address: string,
): Promise<AccessResource & { columns: { name: string; classification: string | null }[] }> {
  const product = await getProduct(catalog.db, address);
  const isolation = await domainIsolationOf(catalog.db, product.domain);
  const content = await latestVersionContent(catalog.db, address);
  const { columns, classification } = classifiedColumns(access, (content?.contracts ?? []) as unknown[]);
  return {
    address,
    domain: product.domain,
    status: product.status,
    isolation: (isolation ?? 'schema') as IsolationPattern,
    classification,
    columns,
  };
}

/**
 * The top-level columns of ODCS contracts with their classification (a name in several tables gets the
 * most sensitive of its levels), and the most sensitive level of any property, nested ones included.
 */
export function classifiedColumns(
  access: AccessModel,
  contracts: readonly unknown[],
): { columns: ProductColumn[]; classification: string } {
  const scale = access.scale;
  const columns = new Map<string, string | null>();
  const levels: (string | null)[] = [];
  const walk = (properties: unknown, top: boolean) => {
    for (const p of Array.isArray(properties) ? (properties as Record<string, unknown>[]) : []) {
      const level = typeof p.classification === 'string' ? p.classification : null;
      levels.push(level);
      if (top && typeof p.name === 'string') {
        const known = columns.get(p.name) ?? null;
        columns.set(p.name, columns.has(p.name) ? (scale.lowers(level, known) ? level : known) : level);
      }
      walk(p.properties, false);
      walk((p.items as Record<string, unknown> | undefined)?.properties, false);
    }
  };
  for (const contract of contracts as Record<string, unknown>[]) {
    for (const object of Array.isArray(contract?.schema) ? (contract.schema as Record<string, unknown>[]) : []) {
      walk(object.properties, true);
    }
  }
  return {
    columns: [...columns].map(([name, level]) => ({ name, classification: level })),
    classification: scale.mostSensitive(levels),
  };
}
