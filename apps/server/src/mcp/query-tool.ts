import { isNamedError, NotAllowedError, UnavailableError } from '@meshwork/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { answerJson } from '../gateway/answer-format.js';
import type { QueryAnswer } from '../gateway/query-service.js';
import { clientOf, governedTool, type McpDeps } from './governed-tool.js';
import { MCP_ROW_LIMIT, queryInput } from './tool-inputs.js';

/** Characters of a cell shown in the text table; structured content carries the whole value. */
const CELL_CHARS = 60;

/**
 * `query`: one SELECT through the governed gateway, as `POST /api/v1/query` runs it (the same QueryService:
 * parsing, per-product Cedar and grants, masking, limits, metering and audit, the latter marked `via: mcp`).
 * The answer is a compact text table and, as structured content, the API's JSON body.
 */
export function registerQueryTool(server: McpServer, deps: McpDeps): void {
  governedTool(
    server,
    deps,
    'query',
    {
      title: 'Query data products (governed SQL)',
      description: `Runs one read-only DuckDB SELECT over data products by address (FROM marketing.customers, joins across domains allowed) as you: refused where your access does not reach, classified columns above your clearance masked unless a grant names them. At most ${MCP_ROW_LIMIT} rows; aggregate in SQL rather than fetching rows.`,
      inputSchema: queryInput,
      readOnly: true,
    },
    () => '(query)',
    async (args, caller) => {
      if (!deps.queries) {
        throw new UnavailableError(
          'the SQL gateway needs the built mesh and its governance; start the server with meshwork up',
        );
      }
      const limit = args.limit ?? MCP_ROW_LIMIT;
      let answer: QueryAnswer;
      try {
        answer = await deps.queries.query({
          user: caller.user,
          sql: args.sql,
          rowLimit: limit,
          requestId: caller.requestId,
          origin: { via: 'mcp', client: clientOf(server)?.name },
        });
      } catch (error) {
        if (isNamedError(error, 'NotAllowedError') && typeof error.details.product === 'string') {
          throw new NotAllowedError(
            `${error.message} From here: call request_access with product "${error.details.product}" and a purpose; an owner of its domain decides.`,
            error.details,
          );
        }
        throw error;
      }
      const body = answerJson(answer);
      return { text: textTable(body, limit), structured: body };
    },
  );
}

/** The answer as an aligned text table, masked columns marked with *, and a note on masking and truncation. */
function textTable(body: ReturnType<typeof answerJson>, limit: number): string {
  const cell = (v: unknown) => {
    const t = v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    const line = t.replace(/\s+/g, ' ');
    return line.length > CELL_CHARS ? `${line.slice(0, CELL_CHARS - 1)}…` : line;
  };
  const header = body.columns.map((c) => (c.masked ? `${c.name}*` : c.name));
  const cells = body.rows.map((r) => r.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const masked = body.columns.filter((c) => c.masked).map((c) => c.name);
  const notes = [
    `${body.stats.rows} row${body.stats.rows === 1 ? '' : 's'} from ${body.stats.products.join(', ') || 'no product'}.`,
    masked.length
      ? `Masked (* — classified above your clearance and not in a grant of yours; values are redacted, hashed or NULL, not real): ${masked.join(', ')}.`
      : 'No masked columns.',
    body.truncatedBy === 'bytes'
      ? 'Truncated: the rows after these would pass the size cap of an answer; select fewer or shorter columns, or aggregate in SQL.'
      : body.truncated
        ? `Truncated: the query has more than ${limit} rows; aggregate or filter in SQL to see the rest.`
        : '',
  ];
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '', ...notes.filter(Boolean)].join(
    '\n',
  );
}
