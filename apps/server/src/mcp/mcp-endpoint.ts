import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { BearerAuth } from '../auth.js';
import { securityHeaders } from '../security-headers.js';
import { authInfoOf } from './caller.js';
import type { McpDeps } from './governed-tool.js';
import { createMcpServer } from './mcp-server.js';
import { McpSessions } from './mcp-sessions.js';

/** What the MCP endpoint is built on: the services' dependencies, the gateway, the API's authentication. */
export type McpEndpointOptions = McpDeps & { readonly auth: BearerAuth; readonly version: string };

/**
 * `POST/GET/DELETE /mcp`: Meshwork's MCP server over Streamable HTTP (sessions, JSON responses). Every
 * request needs the same bearer token as `/api/v1` and acts as its user; a session is bound to the user
 * who opened it, and each tool call is authorized by the token of the request that carries it.
 */
export function mcpRoutes(options: McpEndpointOptions): FastifyPluginAsync {
  return async (app) => {
    const sessions = new McpSessions();
    app.addHook('preClose', async () => sessions.closeAll());
    const deps: McpDeps = options;

    app.route({
      method: ['GET', 'POST', 'DELETE'],
      url: '/mcp',
      schema: { hide: true },
      handler: async (request, reply) => {
        try {
          await options.auth(request);
        } catch (error) {
          reply.header('www-authenticate', 'Bearer realm="meshwork"');
          throw error;
        }
        const { user } = request;
        const id = request.headers['mcp-session-id'];
        let transport: StreamableHTTPServerTransport;
        if (typeof id === 'string') {
          const session = sessions.find(id, user.id);
          if (!session) return rpcError(reply, 404, 'the MCP session is unknown or has expired; initialize a new one');
          transport = session.transport;
        } else if (request.method === 'POST' && isInitializeRequest(request.body)) {
          const server = createMcpServer(deps, options.version);
          const opened: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            enableJsonResponse: true,
            onsessioninitialized: (sessionId): void =>
              sessions.add(sessionId, { transport: opened, server, userId: user.id, lastSeen: Date.now() }),
          });
          opened.onclose = () => {
            if (opened.sessionId) sessions.forget(opened.sessionId);
          };
          await server.connect(opened);
          transport = opened;
        } else {
          return rpcError(reply, 400, 'no MCP session: send an initialize request first, without mcp-session-id');
        }
        await handOver(app, request, reply, transport);
        return reply;
      },
    });
  };
}

/** Lets the SDK's transport answer the request, with the caller attached as its `auth`. */
async function handOver(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  transport: StreamableHTTPServerTransport,
): Promise<void> {
  const token = (request.headers.authorization ?? '').slice('Bearer '.length).trim();
  (request.raw as IncomingMessage & { auth?: AuthInfo }).auth = authInfoOf(
    { user: request.user, requestId: request.id },
    token,
  );
  reply.hijack();
  reply.raw.setHeader('x-request-id', request.id);
  // A hijacked reply skips the server's onSend hooks: the same headers as every other response.
  for (const [name, value] of Object.entries(securityHeaders('application/json', 200)))
    reply.raw.setHeader(name, value);
  try {
    await transport.handleRequest(request.raw, reply.raw, request.body);
  } catch (error) {
    app.log.error({ err: error, reqId: request.id }, 'MCP request failed');
    if (!reply.raw.headersSent) {
      reply.raw.writeHead(500, { 'content-type': 'application/json' });
      reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null }));
    }
  }
}

function rpcError(reply: FastifyReply, status: 400 | 404, message: string) {
  return reply.status(status).send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}
