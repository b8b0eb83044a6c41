import { randomUUID } from 'node:crypto';
import { open, rename } from 'node:fs/promises';

/** Writes a file and flushes it to disk, so a rename that later points at it never exposes a torn file. */
export async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` atomically: readers see the old content or the new, never a partial file. */
export async function writeAndRename(path: string, data: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeDurably(temporary, data);
  await rename(temporary, path);
}
