import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { didYouMeanHint, InputError, NotFoundError } from '@meshwork/core';
import { quoteIdentifier } from '@meshwork/engine';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { QueryRefused, type QueryService } from '../gateway/query-service.js';
import { AddressParams, ErrorResponse } from './product-schemas.js';

const DataQuery = Type.Object(
  {
    columns: Type.Optional(Type.String({ description: 'Comma-separated column names (default: all).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', description: 'The `next` of the previous page.' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

/**
 * `GET /api/v1/products/{address}/data`: a product's rows over REST, with the gateway's authorization,
 * masking, metering and audit. Pages are in a stable order (all columns) and `next` is the cursor of the
 * following page.
 */
export function dataRoutes(service: QueryService | undefined): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/products/:address/data',
      {
        schema: {
          tags: ['query'],
          params: AddressParams,
          querystring: DataQuery,
          response: {
            200: Type.Any({
              description: 'json: { columns, rows, next }; csv: the rows, with the cursor in x-meshwork-next.',
            }),
            400: ErrorResponse,
            401: ErrorResponse,
            403: ErrorResponse,
            404: ErrorResponse,
            408: ErrorResponse,
            409: ErrorResponse,
            503: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const raw = reply as unknown as FastifyReply;
        if (!service) {
          return raw.status(503).send({
            error: {
              code: 'unavailable',
              message: 'the data API needs the built mesh and its governance; start the server with meshwork up',
              details: {},
            },
          });
        }
        const { address } = request.params;
        const available = service.columnsOf(address);
        if (!available) throw new NotFoundError(`${address} is not a built product of this mesh`);
        const names = available.map((c) => c.name);
        const wanted = request.query.columns ? request.query.columns.split(',').map((c) => c.trim()) : names;
        for (const column of wanted) {
          if (!names.includes(column)) {
            throw new InputError(
              `column "${column}" is not in ${address}; ${didYouMeanHint(column, names) ?? `it has ${names.join(', ')}`}`,
              { field: 'columns' },
            );
          }
        }
        const limit = request.query.limit ?? 1000;
        const offset = Number(request.query.cursor ?? 0);
        const list = wanted.map(quoteIdentifier).join(', ');
        const sql = `SELECT ${list} FROM ${address} ORDER BY ALL LIMIT ${limit} OFFSET ${offset}`;
        let answer: Awaited<ReturnType<QueryService['query']>>;
        try {
          answer = await service.query(request.user, sql, limit, request.id, 'data');
        } catch (error) {
          if (!(error instanceof QueryRefused)) throw error;
          const code = { 400: 'invalid_input', 403: 'not_allowed', 408: 'query_timeout', 409: 'conflict' }[
            error.status
          ];
          return raw.status(error.status).send({ error: { code, message: error.message, details: error.details } });
        }
        const next = answer.rows.length === limit ? String(offset + limit) : null;
        raw.header('x-meshwork-next', next ?? '');
        raw.header(
          'x-meshwork-masked-columns',
          answer.columns
            .filter((c) => c.masked)
            .map((c) => c.name)
            .join(','),
        );
        const plain = (v: unknown): unknown =>
          typeof v === 'bigint'
            ? Number.isSafeInteger(Number(v))
              ? Number(v)
              : v.toString()
            : v instanceof Date
              ? v.toISOString()
              : v;
        if (request.query.format === 'csv') {
          const cell = (v: unknown) => {
            const t = v === null || v === undefined ? '' : String(plain(v));
            return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
          };
          const lines = [wanted.map(cell).join(','), ...answer.rows.map((r) => r.map(cell).join(','))];
          return raw
            .type('text/csv; charset=utf-8')
            .serializer(String)
            .send(`${lines.join('\n')}\n`);
        }
        return raw
          .type('application/json')
          .serializer((x: unknown) => JSON.stringify(x))
          .send({ columns: answer.columns, rows: answer.rows.map((r) => r.map(plain)), next });
      },
    );
  };
}
