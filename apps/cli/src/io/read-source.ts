import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { decodeSourceFile, diagnostic, fileTooLarge, MAX_SOURCE_BYTES, type SourceInput } from '@meshwork/core';

/** How a path is shown: relative to the working directory when inside it, else absolute. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const rel = relative(cwd, absolute);
  return rel === '' ? '.' : rel.startsWith(`..${sep}`) || rel === '..' ? absolute : rel;
}

/**
 * Reads a file for the model. A file that cannot be read (permissions, a directory, too large, binary,
 * not UTF-8) comes back as the diagnostic that says so, never as an exception. The size is checked before
 * reading, so a huge file is never loaded into memory.
 */
export async function readSource(absolute: string): Promise<SourceInput> {
  const path = displayPath(absolute);
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return unreadable(path, 'is not a regular file');
    if (info.size > MAX_SOURCE_BYTES) return fileTooLarge(path, info.size);
    return decodeSourceFile(path, await readFile(absolute));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return unreadable(
      path,
      code === 'EACCES' ? 'cannot be read: permission denied' : `cannot be read (${code ?? String(error)})`,
    );
  }
}

function unreadable(path: string, what: string) {
  return diagnostic({
    code: 'file-unreadable',
    severity: 'error',
    file: path,
    message: `file ${what}`,
    hint: 'Check that the path is a readable file (permissions, ownership).',
  });
}

/** Absolute path of `p` resolved from the working directory. */
export function absolute(p: string): string {
  return resolve(process.cwd(), p);
}
