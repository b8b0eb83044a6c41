import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { privateScratch } from '@meshwork/engine';

/** How long a file URL of a query response is valid (and its file kept). */
export const FILE_URL_TTL_MS = 15 * 60_000;

/** A Parquet file written for one recipient, in a private folder, until its URL expires. */
export interface SharedFile {
  readonly id: string;
  readonly path: string;
  readonly size: number;
  readonly expiresAt: number;
}

/**
 * The data files behind query responses: each is written through the governed gateway into a private folder
 * of its own, served only through a URL signed with HMAC-SHA256 under a secret of this server process, and
 * removed when the URL expires (or the server closes).
 */
export class SignedFiles {
  private readonly secret: Buffer;
  private readonly files = new Map<string, { file: SharedFile; dispose: () => void; timer: NodeJS.Timeout }>();

  constructor(
    readonly ttlMs = FILE_URL_TTL_MS,
    secret?: Buffer,
  ) {
    this.secret = secret ?? randomBytes(32);
  }

  /**
   * Writes a file with `write(path)` into a new private folder and keeps it until it expires; a failed
   * write leaves nothing behind.
   */
  async create(write: (path: string) => Promise<void>, now = Date.now()): Promise<SharedFile> {
    const scratch = privateScratch('delta-sharing');
    const path = join(scratch.dir, 'part-00000.parquet');
    try {
      await write(path);
    } catch (error) {
      scratch.dispose();
      throw error;
    }
    const id = randomUUID();
    const file: SharedFile = { id, path, size: statSync(path).size, expiresAt: now + this.ttlMs };
    const timer = setTimeout(() => this.remove(id), this.ttlMs + 1000);
    timer.unref();
    this.files.set(id, { file, dispose: scratch.dispose, timer });
    return file;
  }

  /** The signed path of a file: `/delta-sharing/files/{id}?expires=…&sig=…`. */
  signedPath(file: SharedFile): string {
    return `/delta-sharing/files/${file.id}?expires=${file.expiresAt}&sig=${this.sign(file.id, file.expiresAt)}`;
  }

  /**
   * The file a signed URL names, or the reason it is refused: a forged or altered signature, or an expired
   * URL, is `forbidden`; a file already removed is `gone`.
   */
  open(
    id: string,
    expires: string,
    sig: string,
    now = Date.now(),
  ): { ok: true; file: SharedFile } | { ok: false; why: 'forbidden' | 'gone' } {
    const at = Number(expires);
    const expected = Buffer.from(this.sign(id, at));
    const given = Buffer.from(sig);
    if (!Number.isSafeInteger(at) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, why: 'forbidden' };
    }
    if (at <= now) return { ok: false, why: 'forbidden' };
    const entry = this.files.get(id);
    return entry ? { ok: true, file: entry.file } : { ok: false, why: 'gone' };
  }

  /** Removes one file and its folder. */
  remove(id: string): void {
    const entry = this.files.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.dispose();
    this.files.delete(id);
  }

  /** Removes every file (server close). */
  close(): void {
    for (const id of [...this.files.keys()]) this.remove(id);
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${id}\n${expires}`).digest('base64url');
  }
}
