import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './catalog-lock.js';

describe('lockDataDir', () => {
  it('takes a stale lock over and releases it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'meshwork-lock-')), 'catalog.lock');
    writeFileSync(file, '2147483646\n'); // no such process
    const release = lockDataDir(file);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(() => readFileSync(file)).toThrow();
  });

  it('refuses a lock held by a live process, naming its pid', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'meshwork-lock-')), 'catalog.lock');
    writeFileSync(file, '1\n'); // init is always alive
    expect(() => lockDataDir(file)).toThrow(/another Meshwork server \(pid 1\) is using/);
  });
});
