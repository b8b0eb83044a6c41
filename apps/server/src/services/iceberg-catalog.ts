import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { User } from '@meshwork/catalog';
import { InputError, NotAllowedError, NotFoundError } from '@meshwork/core';
import { hasWarehouseTable, readWarehouseTable, type WarehouseTable, warehouseTableDir } from '@meshwork/engine';
import { allProducts } from './products.js';
import { queryAccess } from './query-access.js';
import type { ServiceDeps } from './service-deps.js';

/** What the Iceberg catalog services need beside the usual: the data directory that holds the warehouse. */
export type IcebergDeps = Pick<ServiceDeps, 'catalog' | 'access'> & { readonly dataDir: string };

/**
 * The namespaces of the Iceberg catalog: one per domain that has products in the catalog, shown to every
 * signed-in user as `GET /api/v1/products` shows products (what a table holds is governed when it is read).
 */
export async function icebergNamespaces(deps: IcebergDeps, _user: User): Promise<string[]> {
  return [...new Set((await allProducts(deps.catalog)).map((p) => p.domain))].sort();
}

/** A namespace's properties; NotFoundError (`NoSuchNamespaceException`) for a domain without products. */
export async function icebergNamespace(
  deps: IcebergDeps,
  user: User,
  input: { readonly namespace: string },
): Promise<Record<string, string>> {
  if (!(await icebergNamespaces(deps, user)).includes(input.namespace)) throw noNamespace(input.namespace);
  return {};
}

/**
 * The tables of a namespace: its products that have an Iceberg table. Account-per-domain products have
 * none (their stores are encrypted), and products not built since builds write tables are left out.
 */
export async function icebergTables(
  deps: IcebergDeps,
  user: User,
  input: { readonly namespace: string },
): Promise<string[]> {
  await icebergNamespace(deps, user, input);
  const products = (await allProducts(deps.catalog)).filter((p) => p.domain === input.namespace);
  const names: string[] = [];
  for (const product of products) {
    if (await hasWarehouseTable(deps.dataDir, product.address)) names.push(product.address.split('.')[1] ?? '');
  }
  return names.sort();
}

/**
 * A product's Iceberg table (loadTable), for a caller who may read all of it unmasked: the table's files hold
 * every column as built, so anyone the gateway would mask a column for is refused (see {@link requireRawRead}).
 *
 * @throws NotFoundError (`NoSuchTableException`) for an unknown product, an account-per-domain product (served
 *   only through the gateway and Delta Sharing) or one without a table; NotAllowedError for a masked caller.
 */
export async function loadIcebergTable(
  deps: IcebergDeps,
  user: User,
  input: { readonly namespace: string; readonly table: string },
): Promise<WarehouseTable> {
  const address = await requireRawRead(deps, user, input.namespace, input.table);
  return readWarehouseTable(deps.dataDir, address).catch((error: unknown) => {
    throw error instanceof Error && error.name === 'NotFoundError' ? noTable(address, error.message) : error;
  });
}

/**
 * Whether a table exists, for `HEAD` (tableExists): the product is in the namespace and has a table. Unlike
 * loadTable it asks nothing of the caller's clearance, as listing tables does not.
 *
 * @throws NotFoundError (`NoSuchTableException`) when it does not.
 */
export async function icebergTableExists(
  deps: IcebergDeps,
  user: User,
  input: { readonly namespace: string; readonly table: string },
): Promise<void> {
  if (!(await icebergTables(deps, user, input)).includes(input.table)) {
    throw noTable(`${input.namespace}.${input.table}`);
  }
}

/**
 * A file of a product's table for `GET /iceberg/files/<domain>/<product>/<path>`, with the governance of
 * loadTable. `path` is relative to the table's folder; `.`/`..` segments, empty segments, backslashes and
 * absolute paths are refused (InputError), and a path that resolves outside the folder (a symbolic link) is
 * not found.
 */
export async function icebergFile(
  deps: IcebergDeps,
  user: User,
  input: { readonly domain: string; readonly product: string; readonly path: string },
): Promise<{ readonly file: string; readonly size: number }> {
  const segments = input.path.split('/');
  if (
    input.path === '' ||
    isAbsolute(input.path) ||
    input.path.includes('\\') ||
    input.path.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new InputError(`file path "${input.path}" must be a relative path inside the table's folder`, {
      field: 'path',
    });
  }
  const address = await requireRawRead(deps, user, input.domain, input.product);
  const missing = () => new NotFoundError(`${address} has no file ${input.path}`, { product: address });
  const tableDir = warehouseTableDir(deps.dataDir, address);
  let root: string;
  let file: string;
  try {
    root = await realpath(tableDir);
    file = await realpath(resolve(tableDir, ...segments));
  } catch {
    throw missing();
  }
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) throw missing();
  const stats = await stat(file);
  if (!stats.isFile()) throw missing();
  return { file, size: stats.size };
}

/**
 * Whether the caller may read a product's raw files: the access model must allow `query` (with their grant,
 * as the gateway asks) and mask none of its columns for them (clearance and grants, as the gateway masks).
 * Returns the product's address.
 *
 * @throws NotFoundError for a product the catalog lacks or one of an account-per-domain domain;
 *   NotAllowedError naming the SQL gateway as the way to read the product masked.
 */
export async function requireRawRead(deps: IcebergDeps, user: User, domain: string, product: string): Promise<string> {
  const address = `${domain}.${product}`;
  const { resource, decision, masks } = await queryAccess(deps, user, address).catch((error: unknown) => {
    throw error instanceof Error && error.name === 'NotFoundError' ? noTable(address) : error;
  });
  if (resource.isolation === 'account') {
    throw noTable(
      address,
      `${address} lives in account-per-domain domain ${resource.domain}, whose stores are encrypted: it has no Iceberg table; read it through the SQL gateway (POST /api/v1/query) or Delta Sharing`,
    );
  }
  if (decision.decision === 'deny') {
    throw new NotAllowedError(
      `${decision.summary}. Ask for access (meshwork access request ${address} --purpose "…"), then read it through the SQL gateway (POST /api/v1/query), which masks what your clearance does not cover`,
      { product: address },
    );
  }
  const masked = [...masks].filter(([, mask]) => mask !== 'none').map(([name]) => name);
  if (masked.length > 0) {
    throw new NotAllowedError(
      `${user.email} would see ${masked.join(', ')} of ${address} masked, and Iceberg files hold every column unmasked; read it masked through the SQL gateway (POST /api/v1/query), or ask for those columns: meshwork access request ${address} --purpose "…" --columns ${masked.join(',')}`,
      { product: address, masked },
    );
  }
  return address;
}

function noNamespace(namespace: string): NotFoundError {
  return new NotFoundError(`namespace ${namespace} does not exist: no domain of that name has products`, {
    namespace,
  });
}

function noTable(address: string, message = `table ${address} does not exist`): NotFoundError {
  return new NotFoundError(message, { table: address });
}
