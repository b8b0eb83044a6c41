import type { AccessOutcome, GrantList, RequestList } from '@meshwork/api';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { callApi } from './caller.js';
import { governedTool, type McpDeps } from './governed-tool.js';
import { myAccessInput, requestAccessInput } from './tool-inputs.js';

/**
 * `list_my_access` and `request_access`, answered by the API's own access routes called as the caller:
 * the same validation, Cedar `request` decision, automatic approval of internal data, audit and events.
 * There is deliberately no tool to approve, reject or revoke: deciding stays with people.
 */
export function registerAccessTools(server: McpServer, deps: McpDeps): void {
  governedTool(
    server,
    deps,
    'list_my_access',
    {
      title: 'My access requests and grants',
      description:
        'Your own access requests (pending, approved, rejected) and grants (with what they unmask and until when).',
      inputSchema: myAccessInput,
      readOnly: true,
    },
    (args) => args.product ?? '(none)',
    async (args, caller) => {
      const filter = `mine=true&limit=100${args.product ? `&product=${args.product}` : ''}`;
      const requests = await callApi<RequestList>(deps.app, caller, 'GET', `/access/requests?${filter}`);
      const grants = await callApi<GrantList>(deps.app, caller, 'GET', `/access/grants?${filter}`);
      const unmasks = (columns: string[]) => (columns.length ? `unmasked: ${columns.join(', ')}` : 'masked access');
      const text = [
        `Access of ${caller.user.email} (${caller.user.role}${caller.user.domain ? ` of ${caller.user.domain}` : ''}, clearance ${caller.user.clearance}):`,
        `Grants (${grants.items.length}):`,
        ...(grants.items.length
          ? grants.items.map(
              (g) =>
                `- ${g.product}: ${g.active ? 'active' : 'inactive'}, ${unmasks(g.columns)}, until ${g.expiresAt} (grant ${g.id})`,
            )
          : ['- (none)']),
        `Requests (${requests.items.length}):`,
        ...(requests.items.length
          ? requests.items.map(
              (r) =>
                `- ${r.product}: ${r.status}${r.decidedBy ? ` by ${r.decidedBy}` : ''}, ${unmasks(r.columns)} — "${r.purpose}" (request ${r.id})`,
            )
          : ['- (none)']),
      ].join('\n');
      return { text, structured: { requests: requests.items, grants: grants.items } };
    },
  );

  governedTool(
    server,
    deps,
    'request_access',
    {
      title: 'Ask for access to a data product',
      description:
        'Asks the owners of a product for access, with a purpose and an expiry. Internal data without unmasked columns is granted at once; anything else waits for an owner of the product’s domain to approve (no tool can approve).',
      inputSchema: requestAccessInput,
      readOnly: false,
    },
    (args) => args.product,
    async (args, caller) => {
      const outcome = await callApi<AccessOutcome>(deps.app, caller, 'POST', '/access/requests', {
        product: args.product,
        purpose: args.purpose,
        expiresInDays: args.expiresInDays ?? 90,
        ...(args.columns ? { columns: args.columns } : {}),
        ...(args.consumerProduct ? { consumerProduct: args.consumerProduct } : {}),
      });
      const { request, grant } = outcome;
      const domain = request.product.split('.')[0];
      const text = grant
        ? `Access to ${request.product} was granted at once (${request.decisionNote ?? 'approved'}), until ${grant.expiresAt}. You can query it now.`
        : `Request ${request.id} for ${request.product} is ${request.status}: an owner of ${domain} decides it (meshwork access approve ${request.id}). Until then queries of ${request.product} are refused; check with list_my_access.`;
      return { text, structured: { ...outcome } };
    },
  );
}
