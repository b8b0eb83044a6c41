import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Catalog } from '@meshwork/catalog';
import { NotFoundError } from '@meshwork/core';
import { dataDirScratch } from '@meshwork/engine';
import { defaultAccessModel, type Governance } from '@meshwork/governance';
import Fastify, { type FastifyInstance } from 'fastify';
import { meshActionHook } from './access/mesh-action-hook.js';
import { principalOf } from './access/principal.js';
import { bearerAuth } from './auth.js';
import { profileRoutes } from './delta-sharing/profile-route.js';
import { sharingRoutes } from './delta-sharing/sharing-routes.js';
import { SignedFiles } from './delta-sharing/signed-files.js';
import { errorHandler } from './errors.js';
import { type EventOptions, startEventDelivery } from './events/event-delivery.js';
import { eventStreamRoute } from './events/event-stream.js';
import { webhookRoutes } from './events/webhook-routes.js';
import { type DataPlane, QueryService } from './gateway/query-service.js';
import { icebergRoutes } from './iceberg/iceberg-routes.js';
import { mcpRoutes } from './mcp/mcp-endpoint.js';
import { StorageSampler } from './metering/storage-sampler.js';
import { Metrics } from './metrics.js';
import { publicBaseUrl } from './public-url.js';
import { accessRoutes } from './routes/access.js';
import { adviceRoutes } from './routes/advice.js';
import { auditRoutes } from './routes/audit.js';
import { chargebackRoutes } from './routes/chargeback.js';
import { checkRoutes } from './routes/checks.js';
import { dataRoutes } from './routes/data.js';
import { declassificationRoutes } from './routes/declassifications.js';
import { domainRoutes } from './routes/domains.js';
import { governanceRoutes } from './routes/governance.js';
import { graphRoutes } from './routes/graph.js';
import { lineageRoutes } from './routes/lineage.js';
import { productRoutes } from './routes/products.js';
import { queryRoutes } from './routes/query.js';
import { scoreRoutes } from './routes/score.js';
import { searchRoutes } from './routes/search.js';
import { tokenRoutes } from './routes/tokens.js';
import { addSecurityHeaders } from './security-headers.js';
import type { ServiceDeps } from './services/service-deps.js';
import { DEFAULT_WEB_ROOT, type DevUserEntry, serveWebUi, wantsWebPage } from './web-ui.js';

/** What the server needs. */
export interface ServerOptions {
  readonly catalog: Catalog;
  /** Structured JSON logs with the request id (default on, to stdout); a path writes them to that file. */
  readonly logger?: boolean | string;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /**
   * The mesh's governance: its rules are re-evaluated on every publish (errors refuse it with 422,
   * warnings are stored with the version) and it feeds the scorecards. Without it, publish checks schemas only.
   */
  readonly governance?: Governance;
  /** The built mesh behind the SQL gateway; with `governance`, `POST /api/v1/query` runs queries. */
  readonly dataPlane?: DataPlane;
  /**
   * The built web UI to serve at `/` (default apps/web/dist; served only when it holds an index.html);
   * `false` serves none.
   */
  readonly webRoot?: string | false;
  /**
   * The seeded dev users of `meshwork up`, offered unauthenticated at `GET /api/v1/dev/users` for the UI's
   * sign-in picker. Only `meshwork up` on a loopback address sets it; never in production.
   */
  readonly devUsers?: readonly DevUserEntry[];
  /** Change events: their CloudEvents source, webhook retries and allow-list, and NATS (docs/events.md). */
  readonly events?: EventOptions;
  /**
   * The address clients reach the server at, for the absolute URLs it hands out (Delta Sharing profiles
   * and files); default `MESHWORK_PUBLIC_URL`, else the address it listens on.
   */
  readonly publicUrl?: string;
}

/**
 * Meshwork's HTTP API. Every route under /api/v1 needs a bearer token; request and response schemas are
 * validated at the boundary (unknown fields are refused) and generate the OpenAPI 3.1 document at
 * /openapi.json; errors are `{ error: { code, message, details } }` from one handler.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: typeof options.logger === 'string' ? { level: 'info', file: options.logger } : (options.logger ?? true),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const baseUrl = publicBaseUrl(app, options.publicUrl);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Meshwork API',
        version: '0.1.0',
        description: 'The catalog, publish and governance API of a Meshwork data mesh.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.setErrorHandler(errorHandler);
  const sendPage = options.webRoot === false ? undefined : await serveWebUi(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  app.setNotFoundHandler((request, reply) => {
    // Client-side routing: a page of the UI the browser opens directly gets index.html.
    if (sendPage && wantsWebPage(request)) return sendPage(reply);
    throw new NotFoundError(
      `no route ${request.method} ${request.url.split('?')[0]}; the API is described at /openapi.json`,
    );
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    addSecurityHeaders(reply);
  });

  const queries =
    options.governance && options.dataPlane
      ? new QueryService(options.catalog, options.governance, options.dataPlane)
      : undefined;
  app.addHook('onClose', async () => queries?.close());
  // Storage of the built mesh, sampled at start and daily for chargeback.
  const sampler = options.dataPlane
    ? new StorageSampler(options.catalog, options.dataPlane, (message) => app.log.warn(message))
    : undefined;
  sampler?.start();
  app.addHook('onClose', async () => sampler?.stop());
  // Change events: stored, then delivered to webhooks, SSE streams and NATS (docs/events.md).
  const events = startEventDelivery(options.catalog, options.events, (message) => app.log.warn(message));
  app.addHook('onClose', async () => events.close());
  const metrics = new Metrics();
  metrics.attach(app);
  const auth = bearerAuth(options.catalog);
  // Every access decision comes from one model: the mesh's, or the default guardrails without a mesh.
  const access = options.governance?.access ?? defaultAccessModel();
  // What the routes, the MCP tools and Delta Sharing hand every service function.
  const services: ServiceDeps = {
    catalog: options.catalog,
    access,
    governance: options.governance,
    events: events.bus,
    log: app.log,
  };
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // Route names and volumes are operational data: admins and the governance group only.
    await auth(request);
    await meshActionHook(access, 'viewMetrics', '/metrics is for admins and the governance group')(request);
    return reply.type('text/plain; version=0.0.4').send(metrics.render());
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const devUsers = options.devUsers;
  if (devUsers) {
    app.get('/api/v1/dev/users', { schema: { hide: true } }, async () => ({
      items: devUsers.map(({ label, email, role, domain, token }) => ({ label, email, role, domain, token })),
    }));
  }
  await app.register(
    async (api) => {
      api.addHook('onRequest', auth);
      // The user, and what the access model lets them do (the UI shows only what would not be refused).
      api.get('/me', { schema: { tags: ['auth'] } }, async (request) => ({
        ...request.user,
        can: access.capabilities(principalOf(request.user)),
      }));
      await api.register(productRoutes(services));
      await api.register(declassificationRoutes(services));
      await api.register(scoreRoutes(services));
      await api.register(adviceRoutes(options.dataPlane?.mesh));
      await api.register(queryRoutes(queries));
      await api.register(dataRoutes(queries, options.dataPlane && dataDirScratch(options.dataPlane.dataDir)));
      await api.register(searchRoutes(services));
      await api.register(domainRoutes(services));
      await api.register(checkRoutes(services));
      await api.register(tokenRoutes(options.catalog, auth.forget));
      await api.register(chargebackRoutes(options.catalog, access, options.dataPlane?.mesh.config?.spec.prices));
      await api.register(auditRoutes(options.catalog, access));
      await api.register(governanceRoutes(access, options.governance, options.dataPlane?.mesh));
      await api.register(graphRoutes(services));
      await api.register(accessRoutes(services));
      await api.register(lineageRoutes(services));
      await api.register(webhookRoutes(options.catalog, access, events.webhookTargets));
      await api.register(eventStreamRoute(options.catalog, access, events.bus));
      await api.register(profileRoutes(options.catalog, baseUrl));
    },
    { prefix: '/api/v1' },
  );
  // The MCP server for AI assistants: the same token, user and governance as /api/v1 (docs/mcp.md).
  await app.register(mcpRoutes({ ...services, queries, auth, version: '0.1.0' }));
  // Delta Sharing for the grant holders' own clients (docs/delta-sharing.md): its own tokens and error shape.
  if (queries && options.dataPlane) {
    // On disk under the data directory: files add up to the size of the shared tables, too much for memory.
    const files = new SignedFiles({ dir: dataDirScratch(options.dataPlane.dataDir) });
    app.addHook('onClose', async () => files.close());
    await app.register(sharingRoutes({ services, plane: options.dataPlane, queries, files, baseUrl }), {
      prefix: '/delta-sharing',
    });
  }
  // The read-only Iceberg REST catalog over the warehouse builds write (docs/iceberg.md): /api/v1's tokens.
  if (options.governance && options.dataPlane) {
    const deps = { catalog: options.catalog, access, dataDir: options.dataPlane.dataDir };
    await app.register(icebergRoutes(deps, auth), { prefix: '/iceberg' });
  }
  await app.ready();
  return app;
}
