import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The built `meshwork` binary, run as a user would run it. */
export const BIN = join(import.meta.dirname, '..', 'bin', 'meshwork.js');

/** Runs the real CLI in `cwd` and returns its exit code and output. */
export function runCli(args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: hermeticEnv(),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The environment without Meshwork's own variables, so a developer's settings cannot change a test. */
export function hermeticEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('MESHWORK_')) delete env[key];
  return env;
}

/**
 * Runs the real CLI without blocking the event loop, so a server living in the test process can answer it.
 */
export function runCliAsync(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...hermeticEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
