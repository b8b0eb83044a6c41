import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createToken, ensureUser, openCatalog, recordBuildRun } from '@meshwork/catalog';
import { summarizeMesh } from '@meshwork/core';
import { buildMesh, dataDirScratch, isBlocking, memoryScratchBase, sweepScratch, testMesh } from '@meshwork/engine';
import { createServer, EventBus, icebergFilesUrl, Monitors, PUBLIC_URL_ENV, recordTestResult } from '@meshwork/server';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { recordBuildLineage } from '../io/build-lineage.js';
import { claimDataDir, makePrivate } from '../io/data-dir.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { plural } from '../io/print-diagnostics.js';
import { createProgress } from '../io/progress.js';
import { publishLocal } from '../io/publish-local.js';
import { displayPath } from '../io/read-source.js';
import { seedDevUsers } from '../io/seed-users.js';
import { nextSignal, within } from '../io/shutdown.js';
import { reportInvalid } from './build.js';

/** How long a clean shutdown may take before the server stops anyway (supervisors allow 5 to 10 s). */
const SHUTDOWN_MS = 4000;

/** Flags of `meshwork up`. */
export interface UpFlags {
  readonly port?: string;
  readonly host?: string;
  readonly dataDir?: string;
}

/**
 * `meshwork up [PATH] [--port 8080] [--host 127.0.0.1] [--data-dir DIR]`: validates the mesh, builds it
 * (only what changed), runs its checks, publishes every built product to the catalog, seeds one user per
 * role and serves the API until SIGTERM or SIGINT.
 */
export async function upCommand(path: string | undefined, flags: UpFlags): Promise<number> {
  const port = Number(flags.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes a number from 0 to 65535, not "${flags.port}"`);
  const host = flags.host ?? '127.0.0.1';
  const loaded = await loadMeshAt(path ?? '.', flags.dataDir);
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, false);
  const { mesh, dataDir } = loaded;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // Before building: a build into the data directory of a running server is what breaks its queries.
  const claimed = claimDataDir(dataDir, 'server');
  const summary = summarizeMesh(mesh);
  if (claimed.swept.length > 0)
    say(pc.dim(`removed ${plural(claimed.swept.length, 'scratch folder')} left by Meshwork processes that ended`));
  say(
    pc.green(
      `✔ validated ${summary.name ?? loaded.root}: ${plural(summary.domains.length, 'domain')} (${summary.domains.map((d) => `${d.name} ${d.isolation}`).join(', ')}), ${plural(summary.productCount, 'product')}`,
    ),
  );

  // Iceberg tables record where the server will serve their files; on a port picked at listen time (0)
  // that is not known yet, so they record their folders' file:// URIs (docs/iceberg.md).
  const publicUrl = process.env[PUBLIC_URL_ENV] || (port === 0 ? undefined : `http://${urlHost(host)}:${port}`);
  let progress = createProgress('building', 0, false);
  const built = await buildMesh(mesh, {
    dataDir,
    warehouseUrl: publicUrl === undefined ? undefined : icebergFilesUrl(publicUrl),
    onProduct: ({ address, index, total, result }) => {
      if (index === 0 && !result) progress = createProgress('building', total, true);
      if (result) progress.tick(address);
    },
  });
  progress.done();
  for (const p of built.products.filter((r) => r.status === 'failed' || r.status === 'skipped'))
    say(pc.red(`✖ ${p.address} ${p.status}: ${p.reason}`));
  const count = (s: string) => built.products.filter((p) => p.status === s).length;
  say(
    `${built.ok ? pc.green('✔') : pc.yellow('!')} built: ${count('built')} built, ${count('unchanged')} unchanged, ${count('failed')} failed, ${count('skipped')} skipped`,
  );

  const testedAt = new Date();
  const tested = await testMesh(mesh, { dataDir });
  for (const p of tested) {
    const failing = p.results.filter(isBlocking).length;
    const sla = p.results.filter((r) => r.origin === 'sla');
    const slaOk = sla.every((r) => r.status === 'passed');
    const quality = `${p.results.length - failing}/${p.results.length} checks pass`;
    say(
      `  ${failing === 0 && !p.reason ? pc.green('✔') : pc.red('✖')} ${p.address.padEnd(32)} ${p.reason ?? `${quality} · SLA ${sla.length === 0 ? 'none' : slaOk ? 'met' : 'breached'}`}`,
    );
  }

  const databaseUrl = process.env.MESHWORK_DATABASE_URL;
  const catalog = await openCatalog(databaseUrl ? { databaseUrl } : { dataDir: join(dataDir, 'catalog') });
  if (!databaseUrl) makePrivate(join(dataDir, 'catalog')); // PGlite writes its files 0666 whatever the umask
  const published = await publishLocal(
    catalog,
    mesh,
    built.products.filter((p) => p.status !== 'failed' && p.status !== 'skipped').map((p) => p.address),
    loaded.diagnostics.filter((d) => d.severity === 'warning'),
  );
  say(
    `${pc.green('✔')} published: ${published.published} new, ${published.unchanged} unchanged${published.refused.length > 0 ? `, ${published.refused.length} refused` : ''} (catalog on ${catalog.store === 'postgres' ? 'PostgreSQL' : `PGlite in ${displayPath(join(dataDir, 'catalog'))}`})`,
  );
  for (const r of published.refused) say(pc.yellow(`  ! ${r}`));

  for (const p of built.products) {
    const m = p.manifest;
    if (!m) continue;
    await recordBuildRun(catalog.db, {
      address: m.address,
      version: m.version,
      builtAt: m.builtAt,
      durationMs: m.durationMs,
      rows: m.rows,
      bytes: m.bytes,
      contentHash: m.contentHash,
      inputHash: m.inputHash,
      inputs: m.inputs,
    });
  }
  // Meshwork's own builds as OpenLineage runs (docs/lineage.md), through the same reader as POST /lineage.
  const lineage = await recordBuildLineage(
    catalog,
    mesh,
    built.products.flatMap((p) => (p.manifest ? [p.manifest] : [])),
  );
  for (const problem of lineage.problems) say(pc.yellow(`  ! lineage ${problem}`));
  // One event bus for the monitors and the server: check.failed and sla.breached reach the same sinks.
  const logWarning = (message: string) => process.stderr.write(`${message}\n`);
  const events = new EventBus(catalog, `meshwork://${mesh.config?.spec.name ?? 'mesh'}`, logWarning);
  for (const result of tested) await recordTestResult(catalog, result, testedAt, 'startup', events);
  const monitors = new Monitors(catalog, mesh, dataDir, logWarning, events);
  monitors.start();

  const meshName = mesh.config?.spec.name ?? 'mesh';
  const admin = await ensureUser(catalog.db, {
    name: 'Mesh admin',
    email: `admin@${meshName}.example`,
    role: 'admin',
    domain: null,
  });
  const adminTokenFile = join(dataDir, 'admin-token');
  if (!existsSync(adminTokenFile)) {
    const token = await createToken(catalog.db, admin.id, 'bootstrap', undefined, process.env.MESHWORK_ADMIN_TOKEN);
    if (!process.env.MESHWORK_ADMIN_TOKEN) {
      writeFileSync(adminTokenFile, `${token}\n`, { mode: 0o600 });
      // Only the path: a token on stdout ends up in terminal scrollback, CI logs and process supervisors' logs.
      say(`  admin token written to ${displayPath(adminTokenFile)} (mode 0600)`);
    } else writeFileSync(adminTokenFile, 'set from MESHWORK_ADMIN_TOKEN\n', { mode: 0o600 });
  }
  const tokensFile = join(dataDir, 'dev-tokens.json');
  const users = await seedDevUsers(catalog, mesh, meshName, tokensFile);

  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const logFile = join(dataDir, 'logs', 'server.log');
  const app = await createServer({
    catalog,
    logger: logFile,
    governance: loaded.governance,
    dataPlane: { dataDir, mesh },
    events: { bus: events },
    // The UI's sign-in picker of the seeded users: only for a dev server on this machine.
    ...(isLoopback(host)
      ? {
          devUsers: users.map((u) => ({
            label: u.label,
            email: u.user.email,
            role: u.user.role,
            domain: u.user.domain,
            token: u.token,
          })),
        }
      : {}),
  });
  const address = await app.listen({ port, host });
  say('');
  say(pc.bold(`Meshwork listening on ${address}`));
  say(`Sign in as:  ${users.map((u) => u.label).join(' · ')} (one seeded user each)`);
  say(`Tokens are in ${displayPath(tokensFile)} · API docs at /openapi.json · CLI: npx meshwork --help`);
  say(pc.dim(`JSON request logs: ${displayPath(logFile)}`));

  const exit = (code: number): never => {
    // Whatever did not close in time, decrypted snapshots and shared files of this process go with it.
    sweepScratch([memoryScratchBase(), dataDirScratch(dataDir)], [process.pid]);
    claimed.release();
    // PGlite leaves a timer of its WebAssembly runtime armed after close (10 s), which would hold the
    // event loop; everything of ours is closed, or abandoned past the deadline, by now.
    process.exit(code);
  };
  await nextSignal(() => exit(1));
  say('shutting down');
  const closed = await within(SHUTDOWN_MS, async () => {
    monitors.stop();
    // The HTTP server with its keep-alive, SSE and MCP connections, the gateway with the account engine
    // processes, and the Delta Sharing files.
    await app.close();
    await catalog.close();
  });
  if (closed !== 'closed')
    say(
      pc.yellow(
        `! ${closed === 'timeout' ? `shutting down took over ${SHUTDOWN_MS / 1000} s` : `shutting down failed: ${closed.message}`}; stopping now`,
      ),
    );
  return exit(closed === 'closed' ? 0 : 1);
}

/** True for an address only this machine reaches. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host part of a URL for a listening address: an unspecified address becomes the loopback one. */
function urlHost(host: string): string {
  const named = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return named.includes(':') ? `[${named}]` : named;
}
