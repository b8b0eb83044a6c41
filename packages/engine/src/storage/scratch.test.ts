import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateScratch, sweepScratch } from './scratch.js';

const base = mkdtempSync(join(tmpdir(), 'meshwork-scratch-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The pid of a process that has ended. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('no child pid');
  return pid;
}

describe('private scratch folders', () => {
  it('are private folders named after their label and process, created under the base given', () => {
    const scratch = privateScratch('delta-sharing', join(base, 'scratch'));
    expect(scratch.dir).toMatch(new RegExp(`/scratch/meshwork-delta-sharing-${process.pid}-[0-9a-f]{12}$`));
    expect(statSync(join(base, 'scratch')).mode & 0o777).toBe(0o700);
    expect(statSync(scratch.dir).mode & 0o777).toBe(0o700);
    scratch.dispose();
    expect(existsSync(scratch.dir)).toBe(false);
  });

  it('of processes that are gone are swept; live ones and other names are left alone', () => {
    const dead = deadPid();
    const stale = join(base, `meshwork-delta-sharing-${dead}-0123456789ab`);
    const staleAccount = join(base, `meshwork-finance-${dead}-ba9876543210`);
    const live = join(base, `meshwork-gateway-${process.pid}-0123456789ab`);
    const other = join(base, `meshwork-notes-${dead}`);
    for (const dir of [stale, staleAccount, live, other]) mkdirSync(join(dir, 'inner'), { recursive: true });
    expect(sweepScratch([base, join(base, 'missing')]).sort()).toEqual([stale, staleAccount].sort());
    expect([stale, staleAccount, live, other].map(existsSync)).toEqual([false, false, true, true]);
    // A process cleaning up after itself names its own pid.
    expect(sweepScratch([base], [process.pid])).toEqual([live]);
  });
});
