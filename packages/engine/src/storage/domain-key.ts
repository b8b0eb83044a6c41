import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data key of an account-per-domain domain: 32 random bytes in `<data>/keys/<domain>.key`, mode 0600
 * in a 0700 folder, created on first use. On one machine this file plays the role a cloud KMS plays in
 * production; Meshwork never logs or transmits it.
 */
export function domainKey(dataDir: string, domain: string): Buffer {
  const dir = join(dataDir, 'keys');
  const file = join(dir, `${domain}.key`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  }
  const key = readFileSync(file);
  if (key.length !== 32)
    throw new Error(`${file} is not a 32-byte key; restore it from backup (the data cannot be read without it)`);
  return key;
}
