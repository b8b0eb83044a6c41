import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, QueryBody } from '@meshwork/api';
import { UnavailableError } from '@meshwork/core';
import type { FastifyReply } from 'fastify';
import { answerJson, csvCell, jsonValue } from '../gateway/answer-format.js';
import type { QueryService } from '../gateway/query-service.js';

/** `POST /api/v1/query`: the governed SQL gateway. */
export function queryRoutes(service: QueryService | undefined): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/query',
      {
        schema: {
          tags: ['query'],
          description:
            'Runs one read-only SELECT over data products by address, authorized per product (Cedar policies and grants), with classified columns masked above the caller’s clearance. json: { columns, rows, truncated, stats }; csv and ndjson stream the rows.',
          body: QueryBody,
          response: {
            400: ErrorResponse,
            401: ErrorResponse,
            403: ErrorResponse,
            408: ErrorResponse,
            409: ErrorResponse,
            429: ErrorResponse,
            503: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        if (!service) {
          throw new UnavailableError(
            'the SQL gateway needs the built mesh and its governance; start the server with meshwork up',
          );
        }
        const { sql, format = 'json', limit = 1000 } = request.body;
        // Refusals are named errors, answered by errors.ts.
        const answer = await service.query({ user: request.user, sql, rowLimit: limit, requestId: request.id });
        // The body is serialized here in the requested format, not by the route's response schema.
        const raw = reply as unknown as FastifyReply;
        const names = answer.columns.map((c) => c.name);
        const masked = answer.columns.filter((c) => c.masked).map((c) => c.name);
        raw.header('x-meshwork-products', answer.products.join(','));
        raw.header('x-meshwork-masked-columns', masked.join(','));
        raw.header('x-meshwork-truncated', String(answer.truncated));
        if (format === 'csv') {
          const lines = [names.map(csvCell).join(','), ...answer.rows.map((r) => r.map(csvCell).join(','))];
          return raw
            .type('text/csv; charset=utf-8')
            .serializer((x: unknown) => String(x))
            .send(`${lines.join('\n')}\n`);
        }
        if (format === 'ndjson') {
          const lines = answer.rows.map((r) =>
            JSON.stringify(Object.fromEntries(names.map((n, i) => [n, jsonValue(r[i])]))),
          );
          return raw
            .type('application/x-ndjson')
            .serializer((x: unknown) => String(x))
            .send(lines.join('\n') + (lines.length ? '\n' : ''));
        }
        return raw
          .type('application/json')
          .serializer((x: unknown) => JSON.stringify(x))
          .send(answerJson(answer));
      },
    );
  };
}
