import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_LINEAGE_DEPTH, MAX_LINEAGE_DEPTH } from '@meshwork/catalog';
import { Type } from '@sinclair/typebox';
import { downstreamImpact, ingestLineage, lineageAround } from '../services/lineage.js';
import type { ServiceDeps } from '../services/service-deps.js';
import { Address, ErrorResponse } from './product-schemas.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } as const;

const Warning = Type.Object({ path: Type.String(), message: Type.String() });

const Edge = Type.Object({ origin: Type.String(), destination: Type.String() });
const Node = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('DATASET'), Type.Literal('JOB')]),
  data: Type.Record(Type.String(), Type.Unknown()),
  inEdges: Type.Array(Edge),
  outEdges: Type.Array(Edge),
});

const Impact = Type.Object({
  product: Type.String(),
  column: Type.Union([Type.String(), Type.Null()]),
  products: Type.Array(Type.Object({ address: Type.String(), columns: Type.Array(Type.String()) })),
  unmappedDatasets: Type.Integer(),
  columnLineage: Type.Boolean(),
  consumers: Type.Array(
    Type.Object({
      email: Type.String(),
      domain: Type.Union([Type.String(), Type.Null()]),
      product: Type.String(),
      grantId: Type.String(),
      columns: Type.Array(Type.String()),
      expiresAt: Type.String(),
    }),
  ),
});

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
          body: Type.Unknown({
            description: 'An OpenLineage event (https://openlineage.io/spec/2-0-2/OpenLineage.json)',
          }),
          response: {
            201: Type.Object({
              eventId: Type.String(),
              runState: Type.Optional(Type.String()),
              warnings: Type.Array(Warning),
            }),
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
          querystring: Type.Object(
            {
              nodeId: Type.String({
                minLength: 1,
                maxLength: 4200,
                description: 'dataset:NAMESPACE:NAME or job:NAMESPACE:NAME',
              }),
              depth: Type.Optional(
                Type.Integer({ minimum: 0, maximum: MAX_LINEAGE_DEPTH, default: DEFAULT_LINEAGE_DEPTH }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ graph: Type.Array(Node), truncated: Type.Boolean() }), ...errors },
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
          params: Type.Object({ address: Address }, { additionalProperties: false }),
          querystring: Type.Object(
            { column: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })) },
            { additionalProperties: false },
          ),
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
