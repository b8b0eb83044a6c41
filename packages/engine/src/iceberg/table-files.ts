import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ContentError, NotFoundError } from '@meshwork/core';
import { parseTableMetadata, type TableMetadata } from './table-metadata.js';

/** The `metadata/` folder of a table: metadata JSON, manifest lists, manifests and the version hint. */
export function metadataDir(tableDir: string): string {
  return join(tableDir, 'metadata');
}

/** The file naming the current metadata version: the pointer a commit swaps last. */
export function versionHintPath(tableDir: string): string {
  return join(metadataDir(tableDir), 'version-hint.text');
}

/** The metadata file of version `version` (`metadata/v<N>.metadata.json`, the file-system table naming of the spec). */
export function metadataFilePath(tableDir: string, version: number): string {
  return join(metadataDir(tableDir), `v${version}.metadata.json`);
}

/** The location a new table records when none is given: the folder's `file://` URI. */
export function defaultLocation(tableDir: string): string {
  return pathToFileURL(resolve(tableDir)).href;
}

/**
 * The local path of a file the metadata names by URI. Files under the table's `location` are found under
 * `tableDir` whatever the location's scheme, so a table served over HTTP (its location an `http://` URL)
 * is still read from disk by its writer.
 *
 * @throws ContentError when the URI is neither under the table's location nor a `file://` URI.
 */
export function localPath(tableDir: string, location: string, uri: string): string {
  const base = location.endsWith('/') ? location : `${location}/`;
  if (uri.startsWith(base)) return join(tableDir, ...uri.slice(base.length).split('/').map(decodeURIComponent));
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  throw new ContentError(`Iceberg file ${uri} is outside the table's location ${location}.`, { uri, location });
}

/** The URI of a file of the table, from its path relative to the table's folder (`data/x.parquet`). */
export function fileUri(location: string, relative: string): string {
  const base = location.endsWith('/') ? location.slice(0, -1) : location;
  return `${base}/${relative.split('/').map(encodeURIComponent).join('/')}`;
}

/** The current metadata of a table, its version number and the file it was read from. */
export interface CurrentMetadata {
  readonly metadata: TableMetadata;
  readonly version: number;
  readonly file: string;
}

/**
 * The current version of a table, from its version hint; undefined when the table has none yet.
 *
 * @throws ContentError naming the hint file when it does not hold a positive version number.
 */
export async function currentVersion(tableDir: string): Promise<number | undefined> {
  const hint = versionHintPath(tableDir);
  let text: string;
  try {
    text = await readFile(hint, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const version = Number(text.trim());
  if (!Number.isInteger(version) || version < 1) {
    throw new ContentError(`Iceberg version hint ${hint} holds ${JSON.stringify(text)}, not a version number.`, {
      file: hint,
    });
  }
  return version;
}

/**
 * Reads a table's current metadata: the version the hint names, then that version's metadata file.
 *
 * @throws NotFoundError when the folder holds no Iceberg table or the named metadata file is missing;
 *   ContentError naming the file when the hint or the metadata is corrupt.
 */
export async function readTableMetadata(tableDir: string): Promise<CurrentMetadata> {
  const version = await currentVersion(tableDir);
  if (version === undefined) {
    throw new NotFoundError(`${tableDir} holds no Iceberg table: ${versionHintPath(tableDir)} is missing.`, {
      tableDir,
    });
  }
  const file = metadataFilePath(tableDir, version);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new NotFoundError(`Iceberg table metadata ${file} cannot be read: ${(error as Error).message}`, { file });
  }
  return { metadata: parseTableMetadata(text, file), version, file };
}
