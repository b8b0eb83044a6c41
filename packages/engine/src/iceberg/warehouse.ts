import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '@meshwork/core';
import type { Engine } from '../engine.js';
import { type CommittedSnapshot, commitSnapshot } from './commit-snapshot.js';
import { currentVersion, defaultLocation, fileUri, readTableMetadata } from './table-files.js';
import type { TableMetadata } from './table-metadata.js';

/**
 * The folder of a product's Iceberg table: `<dataDir>/warehouse/<domain>/<product>`. Schema- and
 * workspace-per-domain products have one; account-per-domain products do not (their stores are encrypted,
 * and a plain Parquet copy beside them would undo that).
 */
export function warehouseTableDir(dataDir: string, address: string): string {
  const [domain, product] = splitAddress(address);
  return join(dataDir, 'warehouse', domain, product);
}

/**
 * The location a product's table records: `<warehouseUrl>/<domain>/<product>` when the warehouse is
 * served over HTTP (the server's `/iceberg/files`), else the folder's `file://` URI. Iceberg metadata,
 * manifest lists and manifests embed absolute paths under it, so it is fixed when a snapshot is written.
 *
 * @example
 * warehouseLocation('/data', 'marketing.customers', 'https://mesh.example.com/iceberg/files');
 * // 'https://mesh.example.com/iceberg/files/marketing/customers'
 */
export function warehouseLocation(dataDir: string, address: string, warehouseUrl: string | undefined): string {
  if (warehouseUrl === undefined) return defaultLocation(warehouseTableDir(dataDir, address));
  return fileUri(warehouseUrl, splitAddress(address).join('/'));
}

/**
 * Whether a product's table holds a snapshot recorded at `location`: a build that finds it missing or
 * recorded elsewhere (the server's address changed) rebuilds the product even when nothing else changed.
 */
export async function warehouseTableAt(tableDir: string, location: string): Promise<boolean> {
  if ((await currentVersion(tableDir)) === undefined) return false;
  return (await readTableMetadata(tableDir)).metadata.location === location;
}

/** Whether a product has an Iceberg table in the warehouse (a committed snapshot). */
export async function hasWarehouseTable(dataDir: string, address: string): Promise<boolean> {
  return (await currentVersion(warehouseTableDir(dataDir, address))) !== undefined;
}

/** What {@link commitProductSnapshot} commits. */
export interface ProductSnapshotOptions {
  readonly engine: Engine;
  readonly tableDir: string;
  /** The built table, as name parts in the engine (`['mw_out', 'marketing', 'customers']`). */
  readonly sourceTable: readonly string[];
  readonly location: string;
}

/**
 * Commits a product's freshly built rows as an `overwrite` snapshot of its Iceberg table. A table recorded
 * at another location is started afresh: every file it names embeds the old address, which readers could no
 * longer reach, so its history goes with it.
 */
export async function commitProductSnapshot(options: ProductSnapshotOptions): Promise<CommittedSnapshot> {
  const { tableDir, location } = options;
  if ((await currentVersion(tableDir)) !== undefined && !(await warehouseTableAt(tableDir, location))) {
    await rm(tableDir, { recursive: true, force: true });
  }
  return commitSnapshot({
    tableDir,
    engine: options.engine,
    sourceTable: options.sourceTable,
    operation: 'overwrite',
    location,
  });
}

/** A product's table as a catalog hands it out: its current metadata and where that metadata lives. */
export interface WarehouseTable {
  readonly tableDir: string;
  readonly metadata: TableMetadata;
  /** The URI of the current `v<N>.metadata.json`, under the table's location. */
  readonly metadataLocation: string;
}

/**
 * Reads a product's Iceberg table from the warehouse.
 *
 * @throws NotFoundError when the product has no table (not built since builds write them, or an
 *   account-per-domain product); ContentError when its metadata is damaged.
 */
export async function readWarehouseTable(dataDir: string, address: string): Promise<WarehouseTable> {
  const tableDir = warehouseTableDir(dataDir, address);
  if ((await currentVersion(tableDir)) === undefined) {
    throw new NotFoundError(`${address} has no Iceberg table in the warehouse; build it to write one`, {
      product: address,
    });
  }
  const { metadata, version } = await readTableMetadata(tableDir);
  return { tableDir, metadata, metadataLocation: fileUri(metadata.location, `metadata/v${version}.metadata.json`) };
}

function splitAddress(address: string): [string, string] {
  const [domain, product, ...rest] = address.split('.');
  if (!domain || !product || rest.length > 0) throw new NotFoundError(`"${address}" is not a product address`);
  return [domain, product];
}
