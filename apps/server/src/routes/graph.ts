import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { productGraph } from '../services/dependencies.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { ErrorResponse } from './product-schemas.js';

const Graph = Type.Object({
  nodes: Type.Array(
    Type.Object({ address: Type.String(), domain: Type.String(), name: Type.String(), status: Type.String() }),
  ),
  edges: Type.Array(
    Type.Object({
      from: Type.String({ description: 'The product read (upstream).' }),
      to: Type.String({ description: 'The product whose input port reads it (downstream).' }),
      port: Type.String({ description: 'The name of the input port.' }),
    }),
  ),
});

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
