import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, SearchQuery as Query, SearchResult as Result } from '@meshwork/api';
import { searchCatalog } from '../services/search.js';
import type { ServiceDeps } from '../services/service-deps.js';

/** GET /search: full-text search over products with prefix matching and facets. */
export function searchRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
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
        return searchCatalog(services, request.user, { ...request.query, limit: request.query.limit ?? 20 });
      },
    );
  };
}
