import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, SearchQuery as Query, SearchResult as Result } from '@meshwork/api';
import { type Catalog, searchProducts } from '@meshwork/catalog';

/** GET /search: full-text search over products with prefix matching and facets. */
export function searchRoutes(catalog: Catalog): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          querystring: Query,
          response: { 200: Result, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        const { q, domain, tag, status, classification, limit } = request.query;
        return searchProducts(catalog.db, {
          q,
          limit: limit ?? 20,
          ...(domain ? { domain } : {}),
          ...(tag ? { tag } : {}),
          ...(status ? { status } : {}),
          ...(classification ? { classification } : {}),
        });
      },
    );
  };
}
