import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { type Catalog, openCatalog } from '@meshwork/catalog';
import { buildMesh } from '@meshwork/engine';
import { createServer, icebergFilesUrl } from '@meshwork/server';
import type { FastifyInstance } from 'fastify';
import { type LoadedMesh, loadMeshAt } from '../src/io/load-mesh-at.js';
import { publishLocal } from '../src/io/publish-local.js';
import { seedDevUsers } from '../src/io/seed-users.js';

/** The example mesh served in the test process, as `meshwork up` serves it. */
export interface ExampleServer {
  readonly loaded: LoadedMesh;
  readonly catalog: Catalog;
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Dev tokens of the seeded users, by e-mail. */
  readonly tokens: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the example mesh's server in this process on a random port: a PGlite catalog in memory with
 * every product published, the dev users of `meshwork up` seeded, and the mesh's governance. With `build`,
 * the products are built into `work/data` first (their Iceberg tables recording the server's address, as
 * `meshwork up` does) and the SQL gateway, Delta Sharing and the Iceberg catalog are on.
 */
export async function startExampleServer(work: string, options: { build?: boolean } = {}): Promise<ExampleServer> {
  const acme = join(import.meta.dirname, '../../../examples/acme');
  const dataDir = join(work, 'data');
  const loaded = await loadMeshAt(acme, dataDir);
  if (!loaded.valid) throw new Error('the example mesh does not validate');
  // The port is chosen before building: the Iceberg tables record the URL their files are served at.
  const port = options.build ? await freePort() : 0;
  const publicUrl = `http://127.0.0.1:${port}`;
  if (options.build) {
    const built = await buildMesh(loaded.mesh, { dataDir, warehouseUrl: icebergFilesUrl(publicUrl) });
    const failed = built.products.filter((p) => p.status === 'failed');
    if (failed.length > 0) throw new Error(`example products failed to build: ${failed.map((p) => p.address)}`);
  }
  const catalog = await openCatalog();
  await publishLocal(
    catalog,
    loaded.mesh,
    loaded.mesh.products.map((p) => p.address),
    [],
    'test',
  );
  const file = join(work, 'dev-tokens.json');
  await seedDevUsers(catalog, loaded.mesh, 'acme', file);
  const tokens = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const app = await createServer({
    catalog,
    logger: false,
    governance: loaded.governance,
    ...(options.build ? { dataPlane: { dataDir, mesh: loaded.mesh }, publicUrl } : {}),
  });
  const url = await app.listen({ port, host: '127.0.0.1' });
  return {
    loaded,
    catalog,
    app,
    url,
    tokens,
    async close() {
      await app.close();
      await catalog.close();
    },
  };
}

/** A port free on the loopback address now (the kernel's pick for port 0, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
