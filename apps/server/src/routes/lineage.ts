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
import {
  type Catalog,
  DEFAULT_LINEAGE_DEPTH,
  ingestLineageEvent,
  lineageGraph,
  productImpact,
} from '@meshwork/catalog';
import { ContentError } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import { authorizeLineage, inAccessScope } from '../access/lineage-access.js';
import { principalOf } from '../access/principal.js';
import { parseLineageEvent } from '../lineage/parse-lineage-event.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } as const;

/** OpenLineage ingest (`POST /lineage`, Marquez-compatible), the lineage graph and product impact. */
export function lineageRoutes(catalog: Catalog, access: AccessModel): FastifyPluginAsyncTypebox {
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
        // Who may post at all is decided before the body is read; who may assert its outputs, after.
        access.require(
          principalOf(request.user),
          'postLineage',
          'mesh',
          'posting lineage is for admins, the governance group, owners and members',
        );
        const parsed = parseLineageEvent(request.body);
        if (!parsed.ok) {
          const first = parsed.problems[0];
          throw new ContentError(
            `the OpenLineage event cannot be understood: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ''}`,
            { problems: parsed.problems },
          );
        }
        const event = parsed.event;
        // A dataset event asserts its dataset, as a run's or job's asserts its outputs.
        const asserted = 'outputs' in event ? event.outputs : 'dataset' in event ? [event.dataset] : [];
        await authorizeLineage(catalog, access, request.user, asserted);
        const outcome = await ingestLineageEvent(catalog.db, parsed.event, {
          receivedBy: request.user.email,
          raw: request.body,
          warnings: parsed.warnings,
          requestId: request.id,
        });
        return reply.status(201).send({
          eventId: outcome.eventId,
          ...(outcome.runState ? { runState: outcome.runState } : {}),
          warnings: [...parsed.warnings],
        });
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
      async (request) => lineageGraph(catalog.db, request.query.nodeId, request.query.depth ?? DEFAULT_LINEAGE_DEPTH),
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
        const principal = principalOf(request.user);
        access.require(
          principal,
          'postLineage',
          'mesh',
          'impact names the consumers of products: for admins, governance, owners and members',
        );
        // Consumers are grants: listed as GET /access/grants would list them to the caller.
        const scope = access.accessScope(principal);
        const impact = await productImpact(catalog.db, request.params.address, {
          ...(request.query.column !== undefined ? { column: request.query.column } : {}),
        });
        return {
          ...impact,
          products: impact.products.map((p) => ({ address: p.address, columns: [...p.columns] })),
          consumers: impact.consumers
            .filter((c) => inAccessScope(scope, c))
            .map((c) => ({
              ...c,
              columns: [...c.columns],
              expiresAt: c.expiresAt.toISOString(),
            })),
        };
      },
    );
  };
}
