import type { User } from '@meshwork/catalog';
import type { Mesh } from '@meshwork/core';
import { type BuildManifest, readManifest } from '@meshwork/engine';
import { activeGrants } from '../services/grants.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { SharingError } from './sharing-error.js';

/** A table of a share: one granted product. */
export interface SharedTable {
  /** The product's id (`customers`). */
  readonly name: string;
  /** The owning domain (`marketing`). */
  readonly schema: string;
  readonly share: string;
  /** The product's address (`marketing.customers`). */
  readonly address: string;
}

/**
 * The shares of a recipient, derived from their grants: one share per domain owning a product they hold an
 * active grant on, named after the domain, with one schema of the same name whose tables are the granted
 * products (table name = product id). Nothing is configured: a grant that ends removes its table at once.
 */
export async function sharedTables(deps: Pick<ServiceDeps, 'catalog'>, mesh: Mesh, user: User): Promise<SharedTable[]> {
  const granted = new Set((await activeGrants(deps, user)).map((g) => g.product));
  return mesh.products
    .filter((p) => granted.has(p.address))
    .map((p) => ({ name: p.id, schema: p.domain, share: p.domain, address: p.address }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** The share names of a recipient, sorted. */
export function shareNames(tables: readonly SharedTable[]): string[] {
  return [...new Set(tables.map((t) => t.share))].sort();
}

/** The tables of a share, or 404 when the recipient has no such share (unknown and not granted alike). */
export function tablesOfShare(tables: readonly SharedTable[], share: string): SharedTable[] {
  const inShare = tables.filter((t) => t.share === share);
  if (inShare.length === 0) throw new SharingError(404, 'RESOURCE_DOES_NOT_EXIST', `share ${share} does not exist`);
  return inShare;
}

/** One table of a schema of a share, or 404 when it is not shared with the recipient. */
export function findTable(tables: readonly SharedTable[], share: string, schema: string, table: string): SharedTable {
  const inShare = tablesOfShare(tables, share);
  const inSchema = inShare.filter((t) => t.schema === schema);
  if (inSchema.length === 0) {
    throw new SharingError(404, 'RESOURCE_DOES_NOT_EXIST', `schema ${schema} does not exist in share ${share}`);
  }
  const found = inSchema.find((t) => t.name === table);
  if (!found) {
    throw new SharingError(404, 'RESOURCE_DOES_NOT_EXIST', `table ${share}.${schema}.${table} does not exist`);
  }
  return found;
}

/** The latest build of a shared table, or 404 when it was never built. */
export function builtTable(dataDir: string, table: SharedTable): BuildManifest {
  const manifest = readManifest(dataDir, table.address);
  if (!manifest) {
    throw new SharingError(404, 'RESOURCE_DOES_NOT_EXIST', `table ${table.address} has no built data yet`);
  }
  return manifest;
}

/**
 * The table version: the build time of the product's latest build in whole seconds since the epoch. It
 * grows with every rebuild; there is no Delta log, so older versions cannot be read.
 */
export function tableVersion(manifest: BuildManifest): number {
  return Math.floor(Date.parse(manifest.builtAt) / 1000);
}
