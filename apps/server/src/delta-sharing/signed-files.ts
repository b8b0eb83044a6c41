import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { privateScratch } from '@meshwork/engine';

/** How long a file URL of a query response is valid (and its file kept). */
export const FILE_URL_TTL_MS = 15 * 60_000;
/** Unexpired files one recipient may hold by default. */
export const MAX_FILES_PER_RECIPIENT = 10;
/** Bytes of unexpired files one recipient may hold by default (1 GiB). */
export const MAX_BYTES_PER_RECIPIENT = 1024 ** 3;

/** A Parquet file written for one recipient, in a private folder, until its URL expires. */
export interface SharedFile {
  readonly id: string;
  readonly path: string;
  readonly size: number;
  readonly expiresAt: number;
  /** Who it was written for. */
  readonly recipient: string;
  /** The product it holds rows of (null for a file of no product), re-checked when the URL is opened. */
  readonly product: string | null;
}

/** Where the files go, how long they live and how many one recipient may hold. */
export interface SignedFilesOptions {
  /**
   * The folder the files' private folders are made in: disk-backed, under the data directory
   * (`dataDirScratch(dataDir)`), since files add up to the size of the shared tables. Default: memory.
   */
  readonly dir?: string;
  readonly ttlMs?: number;
  readonly maxFilesPerRecipient?: number;
  readonly maxBytesPerRecipient?: number;
  /** The HMAC key of the URLs (default: drawn at start, so a restart invalidates every URL). */
  readonly secret?: Buffer;
}

/** A recipient already holds as many unexpired files, or bytes, as it may; answered 429. */
export class FileQuotaExceeded extends Error {
  override readonly name = 'FileQuotaExceeded';
}

/**
 * The data files behind query responses: each is written through the governed gateway into a private folder
 * of its own, served only through a URL signed with HMAC-SHA256 under a secret of this server process, and
 * removed when the URL expires (or the server closes). One recipient holds at most a number of unexpired
 * files and of bytes, so repeated queries cannot fill the disk.
 */
export class SignedFiles {
  readonly ttlMs: number;
  private readonly secret: Buffer;
  private readonly files = new Map<
    string,
    { file: SharedFile; recipient: string; dispose: () => void; timer: NodeJS.Timeout }
  >();
  /** Files being written, by recipient: they count against the quota before their size is known. */
  private readonly writing = new Map<string, number>();

  constructor(private readonly options: SignedFilesOptions = {}) {
    this.ttlMs = options.ttlMs ?? FILE_URL_TTL_MS;
    this.secret = options.secret ?? randomBytes(32);
  }

  /**
   * Writes a file for `recipient` with `write(path)` into a new private folder and keeps it until it
   * expires; a failed write, or one that takes the recipient over its bytes, leaves nothing behind.
   * Throws {@link FileQuotaExceeded} when the recipient holds its most files or bytes already.
   */
  async create(
    recipient: string,
    write: (path: string) => Promise<void>,
    now = Date.now(),
    product: string | null = null,
  ): Promise<SharedFile> {
    const maxFiles = this.options.maxFilesPerRecipient ?? MAX_FILES_PER_RECIPIENT;
    const maxBytes = this.options.maxBytesPerRecipient ?? MAX_BYTES_PER_RECIPIENT;
    const held = this.heldBy(recipient);
    const writing = this.writing.get(recipient) ?? 0;
    if (held.length + writing >= maxFiles) throw this.quotaError(recipient, held, `${maxFiles} files`);
    this.writing.set(recipient, writing + 1);
    const scratch = privateScratch('delta-sharing', this.options.dir);
    const path = join(scratch.dir, 'part-00000.parquet');
    let size: number;
    try {
      await write(path);
      size = statSync(path).size;
    } catch (error) {
      scratch.dispose();
      throw error;
    } finally {
      this.writing.set(recipient, (this.writing.get(recipient) ?? 1) - 1);
    }
    const bytes = this.heldBy(recipient).reduce((sum, f) => sum + f.size, 0);
    if (bytes + size > maxBytes) {
      scratch.dispose();
      throw this.quotaError(recipient, this.heldBy(recipient), sizeOf(maxBytes));
    }
    const id = randomUUID();
    const file: SharedFile = { id, path, size, expiresAt: now + this.ttlMs, recipient, product };
    const timer = setTimeout(() => this.remove(id), this.ttlMs + 1000);
    timer.unref();
    this.files.set(id, { file, recipient, dispose: scratch.dispose, timer });
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

  private heldBy(recipient: string): SharedFile[] {
    return [...this.files.values()].filter((e) => e.recipient === recipient).map((e) => e.file);
  }

  private quotaError(recipient: string, held: readonly SharedFile[], limit: string): FileQuotaExceeded {
    const first = Math.min(...held.map((f) => f.expiresAt));
    const when = Number.isFinite(first) ? `after ${new Date(first).toISOString()}, when the oldest expires` : 'later';
    return new FileQuotaExceeded(
      `recipient ${recipient} holds the most unexpired files a recipient may (${limit}); download the files of earlier queries and query again ${when}`,
    );
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${id}\n${expires}`).digest('base64url');
  }
}

/** `1 GiB`, `512 MiB`, `800 bytes`. */
function sizeOf(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${bytes} bytes`;
}
