import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, MeshGraph as Graph } from '@meshwork/api';
import { productGraph } from '../services/dependencies.js';
import type { ServiceDeps } from '../services/service-deps.js';

/**
 * `GET /graph`: the products of the catalog and the dependencies between them, from the input ports of
 * each product's latest published version (an edge from the product read to the product reading it).
 */
export function graphRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/graph',
      {
        schema: {
          tags: ['products'],
          description:
            "The products and the dependencies between them from the latest versions' input ports, for the dependency map and lineage graph of the web UI.",
          response: { 200: Graph, 401: ErrorResponse },
        },
      },
      async (request) => productGraph(services, request.user),
    );
  };
}
