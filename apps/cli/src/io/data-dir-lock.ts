import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '@meshwork/engine';
import { UsageError } from '../errors.js';

/** The commands that write into a data directory, and so hold it while they run. */
export type DataDirHolder = 'server' | 'build' | 'upgrade';

/** The lock file in a data directory: `<pid> <holder>`. */
export const LOCK_FILE = 'meshwork.lock';

const NAMES: Record<DataDirHolder, string> = {
  server: 'a Meshwork server',
  build: 'meshwork build',
  upgrade: 'meshwork domain upgrade',
};

/**
 * One writer per data directory: a server, a build or a domain upgrade. PGlite silently loses writes when
 * two processes share its folder, and a build replacing a store a server reads makes the server's queries
 * fail half-way. The lock file holds the owner's pid; a lock whose process is gone is taken over. Returns
 * the release function.
 *
 * @example
 * const release = lockDataDir('/srv/mesh/.meshwork', 'build');
 * try { await buildMesh(…) } finally { release(); }
 */
export function lockDataDir(dataDir: string, holder: DataDirHolder): () => void {
  const file = join(dataDir, LOCK_FILE);
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid} ${holder}\n`, { flag: 'wx' });
      return () => {
        // Only our own lock: a process that found ours stale (after a pid check) may hold it now.
        if (readOwner(file).pid === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner.pid > 0 && owner.pid !== process.pid && isProcessAlive(owner.pid)) {
        throw new UsageError(
          `${dataDir} is in use by ${NAMES[owner.holder]} (pid ${owner.pid}); stop it first, or use another --data-dir`,
        );
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new UsageError(`${file} could not be taken: another process keeps creating it; try again`);
}

/** The pid and holder a lock file names; a file of an older version holds the pid only, of a server. */
function readOwner(file: string): { pid: number; holder: DataDirHolder } {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { pid: 0, holder: 'server' };
  }
  const [pid, holder] = text.trim().split(/\s+/);
  const known = holder === 'build' || holder === 'upgrade' ? holder : 'server';
  return { pid: Number.isSafeInteger(Number(pid)) ? Number(pid) : 0, holder: known };
}
