import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';

/**
 * The Chromium that the browser tests drive with playwright-core.
 *
 * Playwright's own browser download cannot work on the project's machines (they reach only the npm registry
 * and Debian's packages), so the tests use one of two browsers, in this order:
 * 1. Debian's `chromium` at /usr/bin/chromium, when installed (`.ci/run` installs it);
 * 2. otherwise the headless Chromium shipped inside the npm package `@sparticuz/chromium` (a devDependency of
 *    the web app: `bin/chromium.br`, brotli-compressed in the package's tarball, x64 Linux only), so that
 *    `npm ci && npm test` needs no browser installed by hand and downloads nothing.
 *
 * The packaged binary is decompressed once (a few seconds) into the temp folder, under a folder named after the
 * package's version, and reused by later runs. It is written beside its final name and then renamed, so an
 * interrupted or concurrent run never leaves a half-written browser behind. The package's own
 * `executablePath()` is not used: it reuses any file at /tmp/chromium, whatever its version or state.
 */

/** Debian's Chromium, the first choice. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a closed network, run as root. Without the background-networking ones
 * Chromium keeps trying to reach Google's services, whose connections this network refuses. Playwright adds
 * `--headless` itself and gives every launch a fresh temporary profile (it refuses `--user-data-dir` here).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The one sentence a browser test fails with when neither browser can be had. */
const NO_BROWSER =
  "No Chromium for the browser tests: install Debian's with `apt-get install -y chromium` " +
  '(or, on x64 Linux, run `npm ci` to get the devDependency @sparticuz/chromium).';

/** The packaged Chromium's compressed binary and version, or undefined when the package is not installed. */
function packagedChromium(): { archive: string; version: string } | undefined {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  } catch {
    return undefined;
  }
  const root = join(dirname(entry), '..');
  const archive = join(root, 'bin', 'chromium.br');
  if (!existsSync(archive)) return undefined;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { archive, version };
}

/** The path of the Chromium to launch: Debian's if installed, else the packaged one, decompressed on first use. */
export async function chromiumPath(): Promise<string> {
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const packaged = process.platform === 'linux' && process.arch === 'x64' ? packagedChromium() : undefined;
  if (!packaged) throw new Error(NO_BROWSER);
  const dir = join(tmpdir(), `meshwork-chromium-${packaged.version}`);
  const binary = join(dir, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(packaged.archive),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    renameSync(partial, binary);
  } finally {
    rmSync(partial, { force: true });
  }
  return binary;
}

/** Launches the headless Chromium that {@link chromiumPath} picks, with {@link CHROMIUM_ARGS}. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
