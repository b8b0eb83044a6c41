import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** File format: magic (8 bytes) · IV (12) · AES-256-GCM ciphertext · authentication tag (16). */
const MAGIC = Buffer.from('MWENC1\0\0', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts `plainPath` into `encryptedPath` with AES-256-GCM under `key` (32 bytes), streaming, through a
 * temporary file that is fsynced and renamed into place: a crash leaves the previous encrypted file intact.
 */
export async function encryptFile(plainPath: string, encryptedPath: string, key: Buffer): Promise<void> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const temp = `${encryptedPath}.${process.pid}.tmp`;
  const out = createWriteStream(temp);
  try {
    out.write(MAGIC);
    out.write(iv);
    await pipeline(createReadStream(plainPath), cipher, out, { end: false });
    await new Promise<void>((done, fail) => out.end(cipher.getAuthTag(), () => done()).on('error', fail));
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, encryptedPath);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** A file that is not a Meshwork encrypted file, or that fails authentication (wrong key or tampered). */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

/** Decrypts `encryptedPath` into `plainPath`, verifying the tag: a wrong key or a changed byte fails. */
export async function decryptFile(encryptedPath: string, plainPath: string, key: Buffer): Promise<void> {
  const fd = openSync(encryptedPath, 'r');
  let size: number;
  const header = Buffer.alloc(MAGIC.length + IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    size = fstatSync(fd).size;
    if (size < header.length + TAG_BYTES)
      throw new DecryptionError(`${encryptedPath} is too short to be an encrypted store`);
    readSync(fd, header, 0, header.length, 0);
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC))
    throw new DecryptionError(`${encryptedPath} is not a Meshwork encrypted store`);
  const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length));
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      createReadStream(encryptedPath, { start: header.length, end: size - TAG_BYTES - 1 }),
      decipher,
      createWriteStream(plainPath, { mode: 0o600 }),
    );
  } catch (error) {
    rmSync(plainPath, { force: true });
    throw new DecryptionError(
      `cannot decrypt ${encryptedPath}: ${error instanceof Error ? error.message : String(error)} (wrong key or tampered file)`,
    );
  }
}
