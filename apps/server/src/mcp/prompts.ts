import { InputError } from '@meshwork/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { type ProductContent, productAddresses, productContent } from '../services/products.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { callerOf } from './caller.js';
import { type ContractContext, contextsOf } from './product-view.js';
import { contractYaml, resourceUri } from './resources.js';
import { address as addressSchema } from './tool-inputs.js';

type Message = GetPromptResult['messages'][number];

/**
 * `explain_product` and `write_query`: prompts that put a product's contract in front of the model, with the
 * owners' ODCS `context` (instructions, verified statements, constraints) spelled out.
 */
export function registerPrompts(server: McpServer, deps: ServiceDeps): void {
  server.registerPrompt(
    'explain_product',
    {
      title: 'Explain a data product',
      description: 'Explain what a product holds, for whom, how fresh and trustworthy it is, and how to use it.',
      argsSchema: { address: z.string().describe('The product address, domain.product.') },
    },
    async ({ address }, extra) => {
      const content = await productContent(deps, callerOf(extra).user, { address: parseAddress(address) });
      return {
        description: `Explain ${address}`,
        messages: [
          text(
            [
              `Explain the data product ${address} to a colleague who has not used it: what it holds and for which questions, its grain (one row per what), the columns that matter and which are personal or confidential (and therefore masked unless granted), its freshness and quality guarantees, and its limitations.`,
              'Use the contract and README below, and get_product for its live SLA status and score. Quote the owners’ guidance where it applies; do not invent columns.',
              ...guidance([content]),
            ].join('\n\n'),
          ),
          ...documents(content),
        ],
      };
    },
  );

  server.registerPrompt(
    'write_query',
    {
      title: 'Write a query for a question',
      description: 'Write one governed SQL query that answers a question, using the owners’ verified statements.',
      argsSchema: {
        question: z.string().describe('The question to answer with data.'),
        products: z.string().optional().describe('Comma-separated product addresses to use (optional).'),
      },
    },
    async ({ question, products }, extra) => {
      const { user } = callerOf(extra);
      const named = (products ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .slice(0, 10)
        .map(parseAddress);
      const contents = await Promise.all(named.map((address) => productContent(deps, user, { address })));
      const catalogue = named.length === 0 ? (await productAddresses(deps, user)).join(', ') : '';
      return {
        description: `A query for: ${question}`,
        messages: [
          text(
            [
              `Question: ${question}`,
              'Write one read-only DuckDB SELECT that answers it through the Meshwork gateway, then run it with the query tool. Rules: read products by address (FROM domain.product; joins across domains are fine); no files, settings or system tables; aggregate in SQL rather than fetching raw rows; masked columns come back redacted, hashed or NULL, so do not filter or group on them and say so in the answer.',
              named.length
                ? `Use these products: ${named.join(', ')} (their contracts follow).`
                : `Products in the mesh: ${catalogue}. Find the right ones with search_products and read them with get_product first.`,
              ...guidance(contents),
              'If the query is refused for access, tell the user and offer request_access with a purpose; do not work around it.',
            ].join('\n\n'),
          ),
          ...contents.flatMap((c) => documents(c).slice(0, 1)),
        ],
      };
    },
  );
}

function parseAddress(value: string): string {
  const parsed = addressSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`"${value}" is not a product address (domain.product)`);
  return parsed.data;
}

function text(body: string): Message {
  return { role: 'user', content: { type: 'text', text: body } };
}

/** The contract (and README) of a product as embedded resources. */
function documents(content: ProductContent): Message[] {
  const out: Message[] = [
    {
      role: 'user',
      content: {
        type: 'resource',
        resource: {
          uri: resourceUri(content.row.address, 'contract'),
          mimeType: 'application/yaml',
          text: contractYaml(content),
        },
      },
    },
  ];
  if (content.docs) {
    out.push({
      role: 'user',
      content: {
        type: 'resource',
        resource: { uri: resourceUri(content.row.address, 'readme'), mimeType: 'text/markdown', text: content.docs },
      },
    });
  }
  return out;
}

/** The owners' ODCS context of each product: instructions, verified statements, constraints. */
function guidance(contents: readonly ProductContent[]): string[] {
  return contents.flatMap((content) => {
    const contexts: ContractContext[] = contextsOf(content.contracts);
    if (contexts.length === 0) return [];
    const lines = [`Guidance from the owners of ${content.row.address} (contract context):`];
    for (const c of contexts) {
      const scope = c.scope === 'contract' ? '' : ` [table ${c.scope}]`;
      if (c.instructions) lines.push(`Instructions${scope}: ${c.instructions}`);
      for (const s of c.verifiedStatements)
        lines.push(`Verified statement${scope}: Q: ${s.question}${s.answer ? ` A: ${s.answer}` : ''}`);
      for (const k of c.constraints) lines.push(`Constraint${scope} (do NOT): ${k.constraint}`);
    }
    return [lines.join('\n')];
  });
}
