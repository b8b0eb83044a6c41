import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AddressParams, ProductContent as Content, DomainList, ErrorResponse } from '@meshwork/api';
import { type Catalog, domainSpecOf, getProduct, latestVersionContent, listProducts } from '@meshwork/catalog';
import { NotFoundError } from '@meshwork/core';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

/**
 * The domains of the catalog with their descriptors, and the published content of a product's latest
 * version: what the web UI shows on the mesh overview and the product page.
 */
export function domainRoutes(catalog: Catalog): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/domains', { schema: { tags: ['products'], response: { 200: DomainList, ...errors } } }, async () => {
      const counts = new Map<string, number>();
      let after: string | undefined;
      do {
        const page = await listProducts(catalog.db, { limit: 200, ...(after ? { after } : {}) });
        for (const p of page.items) counts.set(p.domain, (counts.get(p.domain) ?? 0) + 1);
        after = page.next ?? undefined;
      } while (after);
      const items = [];
      for (const [name, products] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
        items.push({ name, products, spec: (await domainSpecOf(catalog.db, name)) ?? null });
      }
      return { items };
    });
    app.get(
      '/products/:address/content',
      { schema: { tags: ['products'], params: AddressParams, response: { 200: Content, ...errors } } },
      async (request) => {
        const { address } = request.params;
        await getProduct(catalog.db, address);
        const content = await latestVersionContent(catalog.db, address);
        if (!content) throw new NotFoundError(`${address} has no published version yet; publish it first`);
        return {
          version: content.version,
          descriptor: content.descriptor,
          contracts: content.contracts,
          docs: content.docs,
        };
      },
    );
  };
}
