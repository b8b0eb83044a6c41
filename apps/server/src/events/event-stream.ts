import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EventStreamQuery } from '@meshwork/api';
import { type Catalog, listEvents, type StoredEvent } from '@meshwork/catalog';
import type { AccessModel } from '@meshwork/governance';
import { normalizeType, toCloudEvent } from './cloud-event.js';
import type { EventBus } from './event-bus.js';
import { eventFilterFor } from './event-visibility.js';

/** The most stored events one replay sends. */
export const MAX_REPLAY = 1000;
const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /events`: a Server-Sent Events stream of the CloudEvents the user may see (docs/events.md), each as
 * `id: <event id>`, `event: <type>`, `data: <CloudEvent JSON>`. `?types=a,b` narrows it; a `Last-Event-ID`
 * header (or `?lastEventId=`) first replays the stored events after that one, then the stream goes live.
 */
export function eventStreamRoute(catalog: Catalog, access: AccessModel, bus: EventBus): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Open streams never end by themselves: they are ended before the server closes.
    const open = new Set<{ end(): void }>();
    app.addHook('preClose', async () => {
      for (const stream of open) stream.end();
    });
    app.get(
      '/events',
      {
        schema: {
          tags: ['events'],
          querystring: EventStreamQuery,
        },
      },
      async (request, reply) => {
        const types = (request.query.types ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t.length > 0)
          .map(normalizeType);
        const header = request.headers['last-event-id'];
        const lastEventId = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
        const visible = eventFilterFor(access, request.user);
        const wanted = (e: StoredEvent) => (types.length === 0 || types.includes(e.type)) && visible(e);

        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-request-id': request.id,
        });
        out.write(': meshwork events\n\n');
        let lastSeq = 0n;
        const send = (e: StoredEvent) => {
          if (BigInt(e.seq) <= lastSeq) return;
          lastSeq = BigInt(e.seq);
          if (!wanted(e)) return;
          out.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(toCloudEvent(e))}\n\n`);
        };
        // Live events are held while the replay runs, so none is lost or sent twice.
        let held: StoredEvent[] | undefined = [];
        const unsubscribe = bus.subscribe((e) => (held ? held.push(e) : send(e)));
        const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
        keepAlive.unref();
        const stop = () => {
          unsubscribe();
          clearInterval(keepAlive);
          open.delete(out);
        };
        open.add(out);
        request.raw.on('close', stop);
        if (lastEventId !== undefined) {
          const replay = await listEvents(catalog.db, {
            afterId: lastEventId,
            ...(types.length > 0 ? { types } : {}),
            limit: MAX_REPLAY,
          });
          for (const e of replay) send(e);
        }
        const pending = held;
        held = undefined;
        for (const e of pending) send(e);
      },
    );
  };
}
