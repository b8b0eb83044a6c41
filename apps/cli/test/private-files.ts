import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Paths under `root` (itself included) that group or others may read, write or enter. */
export function openToOthers(root: string): string[] {
  const paths = [root, ...readdirSync(root, { recursive: true }).map((entry) => join(root, String(entry)))];
  return paths.filter((path) => {
    try {
      const stat = lstatSync(path);
      return !stat.isSymbolicLink() && (stat.mode & 0o077) !== 0;
    } catch {
      return false; // removed meanwhile by the running server
    }
  });
}
