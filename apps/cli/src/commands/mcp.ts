import { createApiClient } from '@meshwork/api';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { UsageError } from '../errors.js';
import { apiTarget, settle } from '../io/api-client.js';

/** Flags of `meshwork mcp`. */
export interface McpFlags {
  readonly server?: string;
  readonly token?: string;
}

/**
 * `meshwork mcp --server URL --token T`: an MCP server on stdio for desktop assistants that forwards every
 * request to the Meshwork server's `/mcp` (Streamable HTTP) with the token. The tools, resources and prompts
 * are the server's own, so they act as the token's user under the server's governance; this process holds
 * nothing but the token. Resolves with 0 when the assistant closes stdin.
 */
export async function mcpCommand(flags: McpFlags, version: string): Promise<number> {
  const target = apiTarget(flags);
  // Fail before the assistant starts talking: the server must answer and accept the token.
  const me = await settle(createApiClient({ baseUrl: target.url, token: target.token }).me());
  if (!me.ok) throw new UsageError(`the server refused the token: ${me.error.message}`);

  const bridge = new Server(
    { name: 'meshwork', title: 'Meshwork data mesh', version },
    {
      capabilities: { tools: {}, resources: {}, prompts: {} },
      instructions: `Meshwork data mesh at ${target.url}, signed in as ${me.body.email}. Find products with search_products, read them with get_product, query with one SELECT through the query tool; a refusal is final, offer request_access instead.`,
    },
  );
  let upstream: Promise<Client> | undefined;
  const connect = async (): Promise<Client> => {
    // The server audits tool calls with the client name: name the assistant, not only this bridge.
    const declared = bridge.getClientVersion();
    const client = new Client({
      name: declared ? `${declared.name} (via meshwork mcp)` : 'meshwork mcp',
      version: declared?.version ?? version,
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', target.url), {
        requestInit: { headers: { authorization: `Bearer ${target.token}` } },
      }),
    );
    return client;
  };
  const forward = async <T>(call: (client: Client) => Promise<T>): Promise<T> => {
    upstream ??= connect();
    const current = upstream;
    const client = await current.catch((error: unknown) => {
      if (upstream === current) upstream = undefined;
      throw error;
    });
    try {
      return await call(client);
    } catch (error) {
      // The server no longer knows the session (restarted, or idle past its limit): open a new one, once.
      if (!(error instanceof StreamableHTTPError && error.code === 404)) throw error;
      if (upstream === current) upstream = connect();
      return call(await upstream);
    }
  };
  bridge.setRequestHandler(ListToolsRequestSchema, (r) => forward((c) => c.listTools(r.params)));
  bridge.setRequestHandler(CallToolRequestSchema, (r) => forward((c) => c.callTool(r.params)));
  bridge.setRequestHandler(ListResourcesRequestSchema, (r) => forward((c) => c.listResources(r.params)));
  bridge.setRequestHandler(ListResourceTemplatesRequestSchema, (r) =>
    forward((c) => c.listResourceTemplates(r.params)),
  );
  bridge.setRequestHandler(ReadResourceRequestSchema, (r) => forward((c) => c.readResource(r.params)));
  bridge.setRequestHandler(ListPromptsRequestSchema, (r) => forward((c) => c.listPrompts(r.params)));
  bridge.setRequestHandler(GetPromptRequestSchema, (r) => forward((c) => c.getPrompt(r.params)));

  const closed = new Promise<void>((resolve) => {
    bridge.onclose = resolve;
  });
  // The SDK's stdio transport does not notice the end of stdin: the assistant quitting ends the bridge.
  process.stdin.once('end', () => void bridge.close());
  await bridge.connect(new StdioServerTransport());
  await closed;
  const client = await upstream?.catch(() => undefined);
  await client?.close().catch(() => undefined);
  return 0;
}
