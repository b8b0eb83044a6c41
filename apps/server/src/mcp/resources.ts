import { NotFoundError } from '@meshwork/core';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { stringify } from 'yaml';
import { type ProductContent, productAddresses, productContent } from '../services/products.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { callerOf } from './caller.js';
import { address as addressSchema } from './tool-inputs.js';

/** The URI of a product's contract or README resource. */
export function resourceUri(address: string, kind: 'contract' | 'readme'): string {
  return `meshwork://products/${address}/${kind}`;
}

/** A product's contracts as the YAML documents they were published as (several joined by `---`). */
export function contractYaml(content: ProductContent): string {
  return content.contracts.map((c) => stringify(c, { lineWidth: 0 })).join('---\n');
}

/**
 * Each product's contract (`meshwork://products/{address}/contract`, ODCS YAML) and README
 * (`…/readme`, Markdown) from its latest published version: what the catalog shows any signed-in user.
 */
export function registerResources(server: McpServer, deps: ServiceDeps): void {
  const documents = [
    {
      kind: 'contract',
      title: 'Data contract',
      mimeType: 'application/yaml',
      description: 'The product’s ODCS data contract: schema, classifications, quality rules, SLAs, AI context.',
      read: (content: ProductContent) => contractYaml(content),
    },
    {
      kind: 'readme',
      title: 'README',
      mimeType: 'text/markdown',
      description: 'The product’s documentation, written by its owners.',
      read: (content: ProductContent) => content.docs,
    },
  ] as const;
  for (const doc of documents) {
    server.registerResource(
      `product-${doc.kind}`,
      new ResourceTemplate(resourceUri('{address}', doc.kind), {
        list: async (extra) => ({
          resources: (await productAddresses(deps, callerOf(extra).user)).map((a) => ({
            uri: resourceUri(a, doc.kind),
            name: `${a} ${doc.kind}`,
            title: `${doc.title} of ${a}`,
            mimeType: doc.mimeType,
          })),
        }),
      }),
      { title: doc.title, description: doc.description, mimeType: doc.mimeType },
      async (uri, variables, extra) => {
        const parsed = addressSchema.safeParse(variables.address);
        if (!parsed.success) throw new NotFoundError(`${uri.href} names no product address (domain.product)`);
        const text = doc.read(await productContent(deps, callerOf(extra).user, { address: parsed.data }));
        if (text === null) throw new NotFoundError(`${parsed.data} has no README`);
        return { contents: [{ uri: uri.href, mimeType: doc.mimeType, text }] };
      },
    );
  }
}
