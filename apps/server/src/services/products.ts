import {
  type Catalog,
  getProduct,
  latestVersionContent,
  listProducts,
  listVersions,
  type ProductRow,
  type User,
  versionChanges,
} from '@meshwork/catalog';
import { type Diagnostic, NotFoundError } from '@meshwork/core';
import type { ServiceDeps } from './service-deps.js';

type Json = Record<string, unknown>;

/** A product's latest published version as the catalog holds it: descriptor, contracts (parsed YAML) and README. */
export interface ProductContent {
  readonly row: ProductRow;
  readonly version: string;
  readonly descriptor: Json;
  readonly contracts: Json[];
  readonly docs: string | null;
}

/**
 * The catalog's products shown to every signed-in user (what a product holds is governed when it is queried,
 * not when it is listed). `user` is the caller, for symmetry with the services that decide on it.
 */
export async function productPage(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: { readonly limit: number; readonly cursor?: string | undefined; readonly domain?: string | undefined },
) {
  return listProducts(deps.catalog.db, {
    limit: input.limit,
    ...(input.cursor ? { after: input.cursor } : {}),
    ...(input.domain ? { domain: input.domain } : {}),
  });
}

/** A product's catalog row; NotFoundError for a product the catalog does not have. */
export async function readProduct(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: { readonly address: string },
) {
  return getProduct(deps.catalog.db, input.address);
}

/** The published versions of a product, newest first, with the findings stored with each. */
export async function productVersions(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: { readonly address: string },
) {
  await getProduct(deps.catalog.db, input.address);
  return (await listVersions(deps.catalog.db, input.address)).map((v) => ({
    ...v,
    findings: v.findings as Diagnostic[],
  }));
}

/** A version's classified contract changes against the previous version; NotFoundError for an unknown version. */
export async function productVersionChanges(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: { readonly address: string; readonly version: string },
) {
  const { address, version } = input;
  await getProduct(deps.catalog.db, address);
  const found = await versionChanges(deps.catalog.db, address, version);
  if (!found) throw new NotFoundError(`${address} has no version ${version}`, { address, version });
  return { address, ...found };
}

/**
 * The latest published version of a product; NotFoundError when it is not in the catalog or was never
 * published.
 */
export async function productContent(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: { readonly address: string },
): Promise<ProductContent> {
  const { address } = input;
  const row = await getProduct(deps.catalog.db, address);
  const content = await latestVersionContent(deps.catalog.db, address);
  if (!content) throw new NotFoundError(`${address} has no published version yet; publish it first`);
  return {
    row,
    version: content.version,
    descriptor: (content.descriptor ?? {}) as Json,
    contracts: content.contracts.filter((c): c is Json => typeof c === 'object' && c !== null),
    docs: content.docs,
  };
}

/** Every product row of the catalog, in address order. */
export async function allProducts(catalog: Catalog): Promise<ProductRow[]> {
  const out: ProductRow[] = [];
  let after: string | undefined;
  do {
    const page = await listProducts(catalog.db, { limit: 200, ...(after ? { after } : {}) });
    out.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return out;
}

/** Every product address in the catalog, in address order. */
export async function productAddresses(deps: Pick<ServiceDeps, 'catalog'>, _user: User): Promise<string[]> {
  return (await allProducts(deps.catalog)).map((p) => p.address);
}
