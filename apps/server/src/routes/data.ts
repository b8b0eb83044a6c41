import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AddressParams, DataPage, DataQuery, ErrorResponse } from '@meshwork/api';
import { didYouMeanHint, InputError, NotFoundError, UnavailableError } from '@meshwork/core';
import { privateScratch, quoteIdentifier } from '@meshwork/engine';
import type { FastifyReply } from 'fastify';
import { csvCell, jsonValue } from '../gateway/answer-format.js';
import type { QueryService } from '../gateway/query-service.js';

/**
 * `GET /api/v1/products/{address}/data`: a product's rows over REST, with the gateway's authorization,
 * masking, metering and audit. Pages are in a stable order (all columns) and `next` is the cursor of the
 * following page. Parquet pages are written under `exportDir` (disk-backed, in the data directory).
 */
export function dataRoutes(service: QueryService | undefined, exportDir?: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/products/:address/data',
      {
        schema: {
          tags: ['query'],
          params: AddressParams,
          querystring: DataQuery,
          response: {
            200: DataPage,
            400: ErrorResponse,
            401: ErrorResponse,
            403: ErrorResponse,
            404: ErrorResponse,
            408: ErrorResponse,
            409: ErrorResponse,
            429: ErrorResponse,
            503: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const raw = reply as unknown as FastifyReply;
        if (!service) {
          throw new UnavailableError(
            'the data API needs the built mesh and its governance; start the server with meshwork up',
          );
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
        const format = request.query.format ?? 'json';
        const limit = request.query.limit ?? 1000;
        if (format !== 'parquet' && limit > 10_000) {
          throw new InputError(
            `limit ${limit} is over 10000 rows per page for ${format}; use format=parquet for larger pages`,
            {
              field: 'limit',
            },
          );
        }
        const offset = Number(request.query.cursor ?? 0);
        const list = wanted.map(quoteIdentifier).join(', ');
        const sql = `SELECT ${list} FROM ${address} ORDER BY ALL LIMIT ${limit} OFFSET ${offset}`;
        const scratch = format === 'parquet' ? privateScratch('export', exportDir) : undefined;
        const file = scratch ? join(scratch.dir, 'data.parquet') : undefined;
        let answer: Awaited<ReturnType<QueryService['query']>>;
        try {
          answer = await service.query({
            user: request.user,
            sql,
            rowLimit: limit,
            requestId: request.id,
            kind: 'data',
            ...(file ? { exportTo: file } : {}),
          });
        } catch (error) {
          // Refusals are named errors, answered by errors.ts.
          scratch?.dispose();
          throw error;
        }
        // A page cut at the answer-size cap ends early: the next page starts after its last row.
        const next = answer.rowCount === limit || answer.truncated ? String(offset + answer.rowCount) : null;
        raw.header('x-meshwork-next', next ?? '');
        raw.header(
          'x-meshwork-masked-columns',
          answer.columns
            .filter((c) => c.masked)
            .map((c) => c.name)
            .join(','),
        );
        if (scratch && file) {
          // Streamed from a private folder that is removed once the response is sent.
          const stream = createReadStream(file);
          stream.on('close', () => scratch.dispose());
          return raw
            .type('application/vnd.apache.parquet')
            .serializer((x: unknown) => x as string)
            .send(stream);
        }
        if (format === 'csv') {
          const lines = [wanted.map(csvCell).join(','), ...answer.rows.map((r) => r.map(csvCell).join(','))];
          return raw
            .type('text/csv; charset=utf-8')
            .serializer(String)
            .send(`${lines.join('\n')}\n`);
        }
        return raw
          .type('application/json')
          .serializer((x: unknown) => JSON.stringify(x))
          .send({ columns: answer.columns, rows: answer.rows.map((r) => r.map(jsonValue)), next });
      },
    );
  };
}
