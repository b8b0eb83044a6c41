import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IcebergFileParams } from '@meshwork/api';
import { InputError } from '@meshwork/core';
import { type IcebergDeps, icebergFile } from '../services/iceberg-catalog.js';
import { byteRange } from './byte-range.js';
import { icebergError } from './iceberg-errors.js';

/** Percent-encoded dots, slashes and backslashes: a path that hides a traversal from the router. */
const ENCODED_TRAVERSAL = /%(2e|2f|5c|00)/i;

/**
 * `GET /iceberg/files/<domain>/<product>/<path>`: the metadata, manifests and data files of a product's table,
 * where the table's location points when no object store is configured. loadTable's governance applies;
 * `Range` requests are answered with 206 (readers fetch Parquet footers and column chunks), a range past the
 * end with 416.
 */
export function icebergFileRoute(deps: IcebergDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/files/:domain/:product/*',
      {
        // Bytes, not JSON: no response schema (errors still take IcebergErrorResponse's shape).
        schema: { tags: ['iceberg'], params: IcebergFileParams },
      },
      async (request, reply) => {
        if (ENCODED_TRAVERSAL.test(request.url)) {
          throw new InputError('file paths are sent unencoded: %2e, %2f, %5c and %00 are refused', { field: 'path' });
        }
        const { domain, product } = request.params;
        const { file, size } = await icebergFile(deps, request.user, { domain, product, path: request.params['*'] });
        const range = byteRange(request.headers.range, size);
        reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
        reply.type(file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        if (range.kind === 'unsatisfiable') {
          reply.header('content-range', `bytes */${size}`).type('application/json');
          return reply
            .status(416)
            .send(
              icebergError(
                416,
                'RangeNotSatisfiableException',
                `the file has ${size} bytes; range ${request.headers.range} lies past its end`,
              ),
            );
        }
        if (range.kind === 'all') {
          reply.header('content-length', size);
          return reply.send(createReadStream(file));
        }
        reply.status(206);
        reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
        reply.header('content-length', range.end - range.start + 1);
        return reply.send(createReadStream(file, { start: range.start, end: range.end }));
      },
    );
  };
}
