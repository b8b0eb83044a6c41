import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDirScratch } from '@meshwork/engine';
import { describe, expect, it } from 'vitest';
import { claimDataDir, makePrivate } from './data-dir.js';

/** Paths under `root` (itself included) that group or others may read, write or enter. */
function openToOthers(root: string): string[] {
  return [root, ...readdirSync(root, { recursive: true }).map((e) => join(root, String(e)))].filter(
    (p) => (statSync(p).mode & 0o077) !== 0,
  );
}

describe('claimDataDir', () => {
  it('makes an existing data directory private and removes its stale scratch folders', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'meshwork-data-dir-')), 'data');
    mkdirSync(join(dir, 'stores'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, 'stores/shared.duckdb'), 'x', { mode: 0o644 });
    chmodSync(dir, 0o755);
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = join(dataDirScratch(dir), `meshwork-delta-sharing-${gone}-0123456789ab`);
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'part-00000.parquet'), 'PAR1');
    const umask = process.umask();
    try {
      const claimed = claimDataDir(dir, 'build');
      expect(claimed.swept).toContain(stale);
      expect(existsSync(stale)).toBe(false);
      writeFileSync(join(dir, 'stores/new.duckdb'), 'y'); // created after the claim: private by umask
      expect(openToOthers(dir)).toEqual([]);
      claimed.release();
    } finally {
      process.umask(umask);
    }
  });

  it('makePrivate leaves symbolic links alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-private-'));
    const outside = mkdtempSync(join(tmpdir(), 'meshwork-outside-'));
    chmodSync(outside, 0o755);
    spawnSync('ln', ['-s', outside, join(dir, 'link')]);
    makePrivate(dir);
    expect(statSync(outside).mode & 0o777).toBe(0o755);
  });
});
