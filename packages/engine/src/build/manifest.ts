import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IsolationPattern } from '@meshwork/core';

/** What a build of a product recorded: enough to skip an unchanged rebuild and to trace lineage. */
export interface BuildManifest {
  readonly address: string;
  readonly version: string;
  readonly pattern: IsolationPattern;
  /** The table's location: database file and `schema.table` inside it. */
  readonly store: { readonly file: string; readonly table: string };
  readonly builtAt: string;
  readonly durationMs: number;
  readonly rows: number;
  readonly bytes: number;
  /** Hash of everything the build read: descriptor, contract, transform, source fingerprints, inputs' content. */
  readonly inputHash: string;
  /** Order-independent hash of the built rows. */
  readonly contentHash: string;
  /** Content hash of each upstream product at build time. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** Path of a product's manifest in the data directory. */
export function manifestPath(dataDir: string, address: string): string {
  return join(dataDir, 'manifests', `${address}.json`);
}

/** The last manifest of a product, or undefined when it was never built (or the file is unreadable). */
export function readManifest(dataDir: string, address: string): BuildManifest | undefined {
  const path = manifestPath(dataDir, address);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BuildManifest;
  } catch {
    return undefined; // a torn or edited manifest only costs a rebuild
  }
}

/** Writes a manifest atomically (temp file + rename), so a crash never leaves half a manifest. */
export function writeManifest(dataDir: string, manifest: BuildManifest): void {
  const path = manifestPath(dataDir, manifest.address);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temp, path);
}
