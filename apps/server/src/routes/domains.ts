import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { domainSummaries } from '../services/domains.js';
import { productContent } from '../services/products.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { AddressParams, ErrorResponse } from './product-schemas.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const;

const DomainList = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      products: Type.Integer({ description: 'Products of the domain in the catalog.' }),
      spec: Type.Unknown({ description: 'The domain descriptor (domain.yaml as data): team, onCall, isolation.' }),
    }),
  ),
});

const Content = Type.Object({
  version: Type.String(),
  descriptor: Type.Unknown({ description: 'product.yaml as data.' }),
  contracts: Type.Array(Type.Unknown(), { description: 'The ODCS contracts as data.' }),
  docs: Type.Union([Type.String(), Type.Null()], { description: 'README.md as Markdown text.' }),
});

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
