import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, openCatalog } from '@meshwork/catalog';
import type { Mesh } from '@meshwork/core';
import type { Governance } from '@meshwork/governance';
import { createServer, icebergFilesUrl, type ServerOptions } from '@meshwork/server';
import { buildExampleMesh, loadExampleMesh } from './example-mesh.js';
import { PERSONAS, type PersonaKey, SEEDED_PERSONAS, seedPersonas } from './personas.js';
import { type PublishAllOptions, publishAll } from './publish-all.js';

/** What {@link startServer} starts; every field is optional. */
export interface StartServerOptions {
  /**
   * Build every product with DuckDB into a temporary data folder first; turns the SQL gateway on. The port
   * is reserved before the build, so the Iceberg tables record the URL the server serves them at.
   */
  readonly build?: boolean;
  /** Start the server with the example mesh's governance (rules, Cedar policies, taxonomy). */
  readonly governance?: boolean;
  /** Give the server the mesh and its data folder even without a build (advice, findings, chargeback). */
  readonly dataPlane?: boolean;
  /**
   * A data folder the products were built into already ({@link buildExampleMesh} in `beforeAll`), so that
   * each test can start a fresh server over one build; turns the gateway on and is left in place by `close()`.
   */
  readonly dataDir?: string;
  /** The catalog to serve (e.g. PostgreSQL); default a fresh PGlite in memory. It is closed by `close()`. */
  readonly catalog?: Catalog;
  /**
   * Publish the example mesh (default true), with these changes; `false` upserts its domains only (the
   * personas belong to them), for suites that fill the catalog themselves.
   */
  readonly publish?: boolean | PublishAllOptions;
  /** Offer the personas `meshwork up` seeds at `GET /api/v1/dev/users`, for the UI's sign-in picker. */
  readonly devUsers?: boolean;
  /** The built web UI to serve (default none). */
  readonly webRoot?: string | false;
  /** Server logs: off by default; a path writes them to that file. */
  readonly logger?: boolean | string;
  /** Change events: CloudEvents source, webhooks, NATS (docs/events.md). */
  readonly events?: ServerOptions['events'];
}

type App = Awaited<ReturnType<typeof createServer>>;
/** An HTTP method the API answers. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request through `app.inject` with a bearer token (no port). */
const injectAs = (app: App, token: string, method: Method, url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** The answer of {@link TestServer.call}: status, headers, `body` and `json()`. */
export type InjectResponse = Awaited<ReturnType<typeof injectAs>>;

/** A server of the example mesh, listening on a random loopback port. */
export interface TestServer {
  readonly app: App;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly catalog: Catalog;
  readonly mesh: Mesh;
  /** The example mesh's governance, whether or not the server was started with it. */
  readonly governance: Governance;
  /** Where the products are built (a temporary folder removed by `close()`, unless `dataDir` was given). */
  readonly dataDir: string;
  /** A fresh token for every persona of {@link PERSONAS}. */
  readonly tokens: Record<PersonaKey, string>;
  /** Calls the API as a persona without a port (`app.inject`); `url` is relative to the server's root. */
  call(persona: PersonaKey, method: Method, url: string, payload?: unknown): Promise<InjectResponse>;
  close(): Promise<void>;
}

/**
 * Starts the example mesh's server in this process, as `meshwork up` does: a catalog (PGlite in memory by
 * default) with every product published and every persona seeded, optionally the products built with DuckDB
 * and the mesh's governance loaded. Call it once per suite (`beforeAll`) for read-only tests, or per test
 * (`beforeEach`) when tests write to the catalog; `close()` stops the server, closes the catalog and removes
 * the data folder.
 *
 * @example
 * let server: TestServer;
 * beforeAll(async () => { server = await startServer({ governance: true }); });
 * afterAll(() => server.close());
 * it('shows the owner their products', async () => {
 *   expect((await server.call('owner', 'GET', '/api/v1/products')).statusCode).toBe(200);
 * });
 */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const { mesh, governance } = loadExampleMesh();
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'meshwork-test-'));
  const removeData = () => {
    if (ownData) rmSync(dataDir, { recursive: true, force: true });
  };
  const catalog = options.catalog ?? (await openCatalog());
  const reserved = options.build ? await reservePort() : undefined;
  const publicUrl = reserved ? `http://127.0.0.1:${reserved.port}` : undefined;
  try {
    if (options.build) await buildExampleMesh(mesh, dataDir, publicUrl && icebergFilesUrl(publicUrl));
    // The domains are always there: the personas belong to them.
    const publish = options.publish === false ? { only: [] } : options.publish === true ? {} : options.publish;
    await publishAll(catalog, { mesh, ...publish });
    const tokens = await seedPersonas(catalog);
    const app = await createServer({
      catalog,
      logger: options.logger ?? false,
      webRoot: options.webRoot ?? false,
      ...(publicUrl ? { publicUrl } : {}),
      ...(options.governance ? { governance } : {}),
      ...(options.events ? { events: options.events } : {}),
      ...(options.build || options.dataPlane || !ownData ? { dataPlane: { dataDir, mesh } } : {}),
      ...(options.devUsers
        ? {
            devUsers: SEEDED_PERSONAS.map((key) => ({
              label: PERSONAS[key].label,
              email: PERSONAS[key].email,
              role: PERSONAS[key].role,
              domain: PERSONAS[key].domain,
              token: tokens[key],
            })),
          }
        : {}),
    });
    await reserved?.release();
    const url = await app.listen({ port: reserved?.port ?? 0, host: '127.0.0.1' });
    return {
      app,
      url,
      catalog,
      mesh,
      governance,
      dataDir,
      tokens,
      call: (persona, method, path, payload) => injectAs(app, tokens[persona], method, path, payload),
      async close() {
        await app.close();
        await catalog.close();
        removeData();
      },
    };
  } catch (error) {
    await reserved?.release();
    await catalog.close();
    removeData();
    throw error;
  }
}

/**
 * A loopback port held open (so no other test takes it during a build) until `release()`, when the server
 * listens on it at once.
 */
async function reservePort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder: NetServer = createNetServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', resolve);
  });
  const { port } = holder.address() as { port: number };
  let released = false;
  return {
    port,
    release: () =>
      released
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            released = true;
            holder.close(() => resolve());
          }),
  };
}
