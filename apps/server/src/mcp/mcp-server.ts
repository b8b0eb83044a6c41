import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAccessTools } from './access-tools.js';
import { registerCatalogTools } from './catalog-tools.js';
import type { McpDeps } from './governed-tool.js';
import { registerPrompts } from './prompts.js';
import { registerQueryTool } from './query-tool.js';
import { registerResources } from './resources.js';

/** What the server tells a client how to use it (MCP `instructions`). */
export const MCP_INSTRUCTIONS = [
  'Meshwork is a data mesh: domains publish data products (addressed domain.product) with ODCS contracts.',
  'Find products with search_products, read one with get_product (schema, classifications, SLA, owners’ guidance) before querying it, and query with one SELECT through the query tool.',
  'Everything runs as the signed-in user: a refusal is final for this user; offer request_access with a purpose instead of working around it. Masked values are not real values.',
].join(' ');

/**
 * The MCP server of one session: tools, resources and prompts over the catalog and the governed gateway.
 * Every handler acts as the user of the HTTP request that carries it (see caller.ts).
 */
export function createMcpServer(deps: McpDeps, version: string): McpServer {
  const server = new McpServer(
    { name: 'meshwork', title: 'Meshwork data mesh', version },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: MCP_INSTRUCTIONS },
  );
  registerCatalogTools(server, deps);
  registerAccessTools(server, deps);
  registerQueryTool(server, deps);
  registerResources(server, deps);
  registerPrompts(server, deps);
  return server;
}
