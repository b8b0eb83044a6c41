import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AddressParams, ProductContent as Content, DomainList, ErrorResponse } from '@meshwork/api';
import { domainSummaries } from '../services/domains.js';
import { productContent } from '../services/products.js';
import type { ServiceDeps } from '../services/service-deps.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

/**
 * The domains of the catalog with their descriptors, and the published content of a product's latest
 * version: what the web UI shows on the mesh overview and the product page.
 */
export function domainRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/domains',
      { schema: { tags: ['products'], response: { 200: DomainList, ...errors } } },
      async (request) => ({
        items: await domainSummaries(services, request.user),
      }),
    );
    app.get(
      '/products/:address/content',
      { schema: { tags: ['products'], params: AddressParams, response: { 200: Content, ...errors } } },
      async (request) => {
        const content = await productContent(services, request.user, request.params);
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
