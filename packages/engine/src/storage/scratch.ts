import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `meshwork-<label>-<pid>-<12 hex>`; labels may hold dashes (`delta-sharing`), so the pid is read from the end. */
const SCRATCH_NAME = /^meshwork-.+-(\d+)-[0-9a-f]{12}$/;

/** Where private scratch folders go unless told otherwise: memory (/dev/shm) when the machine has it. */
export function memoryScratchBase(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/**
 * The disk-backed scratch area of a data directory, for files that are too large or too many to hold in
 * memory (Delta Sharing files, Parquet exports). It is private because the data directory is.
 *
 * @example dataDirScratch('/srv/mesh/.meshwork') // '/srv/mesh/.meshwork/scratch'
 */
export function dataDirScratch(dataDir: string): string {
  return join(dataDir, 'scratch');
}

/**
 * A private working folder (mode 0700) named `meshwork-<label>-<pid>-<random>` under `base`: by default in
 * memory where the machine has /dev/shm, so plaintext of an account-per-domain store never reaches a disk.
 * Remove it with `dispose()`; {@link sweepScratch} removes it if the process dies first.
 *
 * @example
 * const scratch = privateScratch('export', dataDirScratch(dataDir));
 * try { … join(scratch.dir, 'data.parquet') … } finally { scratch.dispose(); }
 */
export function privateScratch(
  label: string,
  base: string = memoryScratchBase(),
): { readonly dir: string; dispose(): void } {
  mkdirSync(base, { recursive: true, mode: 0o700 });
  const dir = join(base, `meshwork-${label}-${process.pid}-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Removes the scratch folders in `bases` whose process is gone (killed with SIGKILL, crashed, out of
 * memory), so decrypted data does not outlive it, and those of `pids` (a process cleaning up after itself).
 * Only folders of this user are touched. Returns the folders removed; never throws.
 *
 * @example sweepScratch([memoryScratchBase(), dataDirScratch(dataDir)])
 */
export function sweepScratch(bases: readonly string[] = [memoryScratchBase()], pids: readonly number[] = []): string[] {
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const base of bases) {
    let names: string[];
    try {
      names = readdirSync(base);
    } catch {
      continue; // no such base yet
    }
    for (const name of names) {
      const pid = Number(SCRATCH_NAME.exec(name)?.[1]);
      if (!pid || (!pids.includes(pid) && isAlive(pid))) continue;
      const dir = join(base, name);
      try {
        if (uid !== undefined && statSync(dir).uid !== uid) continue;
        rmSync(dir, { recursive: true, force: true });
        removed.push(dir);
      } catch {
        // another process removed it first, or it is not ours to remove
      }
    }
  }
  return removed;
}

/** True while process `pid` exists (EPERM: it exists, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
