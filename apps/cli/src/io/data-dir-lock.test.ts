import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from './data-dir-lock.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'meshwork-lock-'));

describe('lockDataDir', () => {
  it('takes a stale lock of a process that is gone over, and releases it', () => {
    const dir = dataDir();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, LOCK_FILE), `${gone} server\n`);
    const release = lockDataDir(dir, 'build');
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid} build\n`);
    release();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow();
  });

  it('refuses a data directory a live process holds, naming the directory, the holder and its pid', () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), '1 server\n'); // init is always alive
    expect(() => lockDataDir(dir, 'build')).toThrow(
      `${dir} is in use by a Meshwork server (pid 1); stop it first, or use another --data-dir`,
    );
    writeFileSync(join(dir, LOCK_FILE), '1 build\n');
    expect(() => lockDataDir(dir, 'server')).toThrow(`${dir} is in use by meshwork build (pid 1)`);
    writeFileSync(join(dir, LOCK_FILE), '1\n'); // a lock of an older version: the pid only
    expect(() => lockDataDir(dir, 'server')).toThrow(`${dir} is in use by a Meshwork server (pid 1)`);
  });

  it('releases only its own lock', () => {
    const dir = dataDir();
    const release = lockDataDir(dir, 'server');
    writeFileSync(join(dir, LOCK_FILE), '1 build\n'); // taken over by another process meanwhile
    release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1 build\n');
  });
});
