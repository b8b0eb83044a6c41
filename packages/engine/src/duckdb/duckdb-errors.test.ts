import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { quoteLiteral } from './duckdb-dialect.js';
import { isEngineFailure } from './duckdb-errors.js';

/** What `run` throws. */
async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('isEngineFailure', () => {
  it('tells a store locked by another process from mistakes in the SQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-duckdb-errors-'));
    const file = join(dir, 'store.duckdb');
    // Another process writing the store, as a build does: DuckDB's file lock is per process.
    const writer = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const c = await (await DuckDBInstance.create(${JSON.stringify(file)})).connect();
         await c.run('CREATE TABLE t AS SELECT 1 AS x');
         console.log('ready');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const reader = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await new Promise((resolve) => writer.stdout.once('data', resolve));
      const locked = await errorOf(() => reader.run(`ATTACH ${quoteLiteral(file)} AS store (READ_ONLY)`));
      expect(String(locked)).toMatch(/IO Error: Could not set lock/);
      expect(isEngineFailure(locked)).toBe(true);
      expect(isEngineFailure(await errorOf(() => reader.run('SELECT nope')))).toBe(false);
      expect(isEngineFailure(await errorOf(() => reader.run('SELEC 1')))).toBe(false);
      expect(isEngineFailure(await errorOf(() => reader.run("SELECT 'a'::INT")))).toBe(false);
      expect(isEngineFailure('IO Error: not an Error object')).toBe(false);
    } finally {
      reader.closeSync();
      writer.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
