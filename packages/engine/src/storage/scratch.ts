import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private working folder (mode 0700) for decrypted data, in memory when the machine has /dev/shm, so
 * plaintext of an account-per-domain store never reaches a disk. Remove it with `dispose()`.
 */
export function privateScratch(label: string): { readonly dir: string; dispose(): void } {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = join(base, `meshwork-${label}-${process.pid}-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
