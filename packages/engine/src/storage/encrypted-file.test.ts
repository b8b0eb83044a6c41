import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, decryptFile, encryptFile } from './encrypted-file.js';

const dir = mkdtempSync(join(tmpdir(), 'meshwork-enc-'));
const plain = join(dir, 'plain.bin');
const sealed = join(dir, 'sealed.enc');
const secret = Buffer.concat([Buffer.from('customer@example.com '), randomBytes(200_000)]);
const key = randomBytes(32);

describe('encrypted files (AES-256-GCM)', () => {
  // The plain and the sealed file every test reads; the round trip seals its own.
  beforeAll(async () => {
    writeFileSync(plain, secret);
    await encryptFile(plain, sealed, key);
  });

  it('round-trips and keeps no plaintext in the encrypted file', async () => {
    const own = join(dir, 'round-trip.enc');
    await encryptFile(plain, own, key);
    const bytes = readFileSync(own);
    expect(bytes.includes(Buffer.from('customer@example.com'))).toBe(false);
    expect(bytes.length).toBe(secret.length + 8 + 12 + 16);
    const back = join(dir, 'back.bin');
    await decryptFile(own, back, key);
    expect(readFileSync(back).equals(secret)).toBe(true);
  });

  it('refuses a wrong key', async () => {
    await expect(decryptFile(sealed, join(dir, 'x'), randomBytes(32))).rejects.toThrow(DecryptionError);
  });

  it('refuses a file changed by one byte', async () => {
    const tampered = join(dir, 'tampered.enc');
    const bytes = readFileSync(sealed);
    bytes[1000] = (bytes[1000] ?? 0) ^ 1;
    writeFileSync(tampered, bytes);
    await expect(decryptFile(tampered, join(dir, 'y'), key)).rejects.toThrow(/wrong key or tampered/);
  });

  it('refuses a file that is not an encrypted store', async () => {
    await expect(decryptFile(plain, join(dir, 'z'), key)).rejects.toThrow(/not a Meshwork encrypted store/);
  });
});
