import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  ErrorResponse,
  Impact,
  ImpactQuery,
  LineageEventBody,
  LineageGraph,
  LineageQuery,
  LineageStored,
} from '@meshwork/api';
import { downstreamImpact, ingestLineage, lineageAround } from '../services/lineage.js';
import type { ServiceDeps } from '../services/service-deps.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } as const;

/** OpenLineage ingest (`POST /lineage`, Marquez-compatible), the lineage graph and product impact. */
export function lineageRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/lineage',
      {
        schema: {
          tags: ['lineage'],
          summary: 'Store an OpenLineage 2-0-2 RunEvent, DatasetEvent or JobEvent',
          description:
            'Compatible with Marquez: 201 when stored; 400 when the body is not JSON; 422 with the JSON pointer of each problem when the event cannot be understood. Leniencies are returned and stored as warnings (docs/lineage.md).',
          body: LineageEventBody,
          response: {
            201: LineageStored,
            ...errors,
            422: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const stored = await ingestLineage(services, request.user, { body: request.body, requestId: request.id });
        return reply.status(201).send(stored);
      },
    );

    app.get(
      '/lineage',
      {
        schema: {
          tags: ['lineage'],
          summary: 'The lineage graph around a dataset or job (Marquez-shaped)',
          querystring: LineageQuery,
          response: { 200: LineageGraph, ...errors },
        },
      },
      async (request) => lineageAround(services, request.user, request.query),
    );

    app.get(
      '/products/:address/impact',
      {
        schema: {
          tags: ['lineage'],
          summary: 'Every product, column and consumer downstream of a product',
          params: AddressParams,
          querystring: ImpactQuery,
          response: { 200: Impact, ...errors },
        },
      },
      async (request) => {
        const impact = await downstreamImpact(services, request.user, { ...request.params, ...request.query });
        return {
          ...impact,
          products: impact.products.map((p) => ({ address: p.address, columns: [...p.columns] })),
          consumers: impact.consumers.map((c) => ({
            ...c,
            columns: [...c.columns],
            expiresAt: c.expiresAt.toISOString(),
          })),
        };
      },
    );
  };
}
