import { type Catalog, getProduct, latestVersionContent } from '@meshwork/catalog';
import type { IsolationPattern } from '@meshwork/core';
import type { AccessResource, Governance } from '@meshwork/governance';

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
  governance: Governance,
  address: string,
): Promise<AccessResource & { columns: { name: string; classification: string | null }[] }> {
  const product = await getProduct(catalog.db, address);
  const domain = await catalog.db
    .selectFrom('domains')
    .select('isolation')
    .where('name', '=', product.domain)
    .executeTakeFirst();
  const content = await latestVersionContent(catalog.db, address);
  const rank = rankIn(governance);
  const columns = new Map<string, string | null>();
  let classification = governance.taxonomy.levels[0]?.name ?? 'public';
  const walk = (properties: unknown, top: boolean) => {
    for (const p of Array.isArray(properties) ? (properties as Record<string, unknown>[]) : []) {
      const level = typeof p.classification === 'string' ? p.classification : null;
      if (level !== null && rank(level) > rank(classification)) classification = level;
      if (top && typeof p.name === 'string') {
        const known = columns.get(p.name);
        if (!columns.has(p.name) || (level !== null && (known === null || rank(level) > rank(known as string))))
          columns.set(p.name, level);
      }
      walk(p.properties, false);
      walk((p.items as Record<string, unknown> | undefined)?.properties, false);
    }
  };
  for (const contract of (content?.contracts ?? []) as Record<string, unknown>[]) {
    for (const object of Array.isArray(contract?.schema) ? (contract.schema as Record<string, unknown>[]) : []) {
      walk(object.properties, true);
    }
  }
  return {
    address,
    domain: product.domain,
    status: product.status,
    isolation: (domain?.isolation ?? 'schema') as IsolationPattern,
    classification,
    columns: [...columns].map(([name, level]) => ({ name, classification: level })),
  };
}

/**
 * The rank of a classification level in the mesh's taxonomy (least sensitive = 0); a level the taxonomy
 * does not know ranks above every level, so it is never taken for cleared (as Cedar's `authorize` ranks it).
 */
export function rankIn(governance: Governance): (level: string) => number {
  const ranks = new Map(governance.taxonomy.levels.map((l, i) => [l.name, i]));
  return (level) => ranks.get(level) ?? governance.taxonomy.levels.length;
}
