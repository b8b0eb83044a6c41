import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirScratch, memoryScratchBase, sweepScratch } from '@meshwork/engine';
import { type DataDirHolder, lockDataDir } from './data-dir-lock.js';

/** A data directory held by this process. */
export interface ClaimedDataDir {
  /** Scratch folders removed at the claim because the process that made them is gone. */
  readonly swept: readonly string[];
  /** Gives the data directory up (the lock). */
  release(): void;
}

/**
 * Takes the data directory for a command that writes into it (`up`, `build`, `domain upgrade`): the
 * lock first, then everything this process creates from now on is private (umask 0o077, inherited by the
 * account engine processes), the directory and what an older version left in it lose group and other
 * permissions, and scratch folders of processes that are gone are removed (decrypted data of a process
 * killed with SIGKILL, Delta Sharing files of a crashed server).
 *
 * @example
 * const claimed = claimDataDir(loaded.dataDir, 'build');
 * try { await buildMesh(…) } finally { claimed.release(); }
 */
export function claimDataDir(dataDir: string, holder: DataDirHolder): ClaimedDataDir {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = lockDataDir(dataDir, holder);
  makePrivate(dataDir);
  const scratch = dataDirScratch(dataDir);
  // Held by us now, so nothing in the data directory's scratch is in use, whatever pid its name carries.
  const stale = existsSync(scratch) ? readdirSync(scratch).map((name) => join(scratch, name)) : [];
  rmSync(scratch, { recursive: true, force: true });
  const swept = [...sweepScratch([memoryScratchBase()]), ...stale];
  return { swept, release };
}

/**
 * Removes group and other permissions from `root` and everything under it (symbolic links are left alone).
 * PGlite writes its files 0666 whatever the umask, so the catalog's folder is made private again after it
 * opens.
 */
export function makePrivate(root: string): void {
  const tighten = (path: string) => {
    try {
      const stat = lstatSync(path);
      if (!stat.isSymbolicLink() && (stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
    } catch (error) {
      // A file the running catalog removed meanwhile needs no permissions.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };
  tighten(root);
  for (const entry of readdirSync(root, { recursive: true })) tighten(join(root, String(entry)));
}
