import { appendAudit } from '@meshwork/catalog';
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ShapeOutput, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { statusOf } from '../errors.js';
import type { QueryService } from '../gateway/query-service.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { type Caller, callerOf } from './caller.js';

/**
 * What the MCP tools, resources and prompts are built on: the same service dependencies the HTTP routes
 * hand the service functions, and the gateway's query service.
 */
export interface McpDeps extends ServiceDeps {
  readonly queries?: QueryService | undefined;
}

/** A tool's answer: text for the model, the same data as JSON for programs, and what it was about. */
export interface ToolAnswer {
  readonly text: string;
  readonly structured?: Record<string, unknown>;
}

/** The client a session declared in its MCP initialize request (`clientInfo`). */
export function clientOf(server: McpServer): { name: string; version: string } | undefined {
  const info = server.server.getClientVersion();
  return info ? { name: info.name, version: info.version } : undefined;
}

/**
 * Registers a tool that acts as the caller and is audited: every call appends `mcp.<name>` with the client
 * the session declared, its arguments (strings cut at 2,000 characters) and how it ended. A named error of a
 * service (what the API answers with 4xx, or 503) comes back as a tool error with the service's message and
 * `{ error: { status, message, details } }` as structured content; anything else is logged and answered
 * with the request id, as the API answers a 500. This is the one place service errors become tool errors.
 */
export function governedTool<Shape extends ZodRawShapeCompat>(
  server: McpServer,
  deps: McpDeps,
  name: string,
  config: { title: string; description: string; inputSchema: Shape; readOnly: boolean },
  targetOf: (args: ShapeOutput<Shape>) => string,
  run: (args: ShapeOutput<Shape>, caller: Caller) => Promise<ToolAnswer>,
): void {
  const handler = async (
    args: ShapeOutput<Shape>,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ): Promise<CallToolResult> => {
    const caller = callerOf(extra);
    const client = clientOf(server);
    let outcome: 'ok' | 'refused' | 'failed' = 'ok';
    let result: CallToolResult;
    let reason: string | undefined;
    try {
      const answer = await run(args, caller);
      result = {
        content: [{ type: 'text', text: answer.text }],
        ...(answer.structured ? { structuredContent: answer.structured } : {}),
      };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        outcome = 'refused';
        reason = refusal.message;
      } else {
        outcome = 'failed';
        deps.log.error({ err: error, tool: name, requestId: caller.requestId }, 'MCP tool failed');
        reason = `internal error; the server log has the details under request id ${caller.requestId}`;
      }
      result = {
        isError: true,
        content: [{ type: 'text', text: reason }],
        structuredContent: { error: refusal ?? { status: 500, message: reason, details: {} } },
      };
    }
    await appendAudit(deps.catalog.db, {
      actor: caller.user.email,
      action: `mcp.${name}`,
      target: targetOf(args) || '(none)',
      outcome,
      requestId: caller.requestId,
      details: {
        via: 'mcp',
        client: client?.name ?? null,
        clientVersion: client?.version ?? null,
        arguments: clip(args),
        ...(reason ? { reason } : {}),
      },
    });
    return result;
  };
  server.registerTool(
    name,
    {
      title: config.title,
      description: config.description,
      inputSchema: config.inputSchema,
      annotations: { readOnlyHint: config.readOnly, destructiveHint: false, openWorldHint: false },
    },
    // The SDK types the callback by a conditional type it cannot resolve for a generic shape.
    handler as unknown as ToolCallback<Shape>,
  );
}

/** What the API would answer with a 4xx (or 503) for this error, or undefined for a server fault. */
function refusalOf(error: unknown): { status: number; message: string; details: Record<string, unknown> } | undefined {
  // Named errors refuse with the status errors.ts gives them; anything else is a server fault.
  const status = statusOf(error);
  if (!(error instanceof Error) || (status >= 500 && status !== 503)) return undefined;
  const details = (error as Error & { details?: Record<string, unknown> }).details ?? {};
  return { status, message: error.message, details };
}

/** Arguments for the audit log: long strings cut, so an entry stays small. */
function clip(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  if (Array.isArray(value)) return value.slice(0, 100).map(clip);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clip(v)]));
  return value;
}
