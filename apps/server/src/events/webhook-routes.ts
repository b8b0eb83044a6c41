import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeadLetterList,
  DeadLetterQuery,
  ErrorResponse,
  NoContent,
  WebhookBody,
  WebhookIdParams,
  WebhookList,
  Webhook as WebhookSchema,
} from '@meshwork/api';
import {
  type Catalog,
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  type Webhook,
} from '@meshwork/catalog';
import { InputError, NotFoundError } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';
import { EVENT_NAMES, normalizeType } from './cloud-event.js';
import { redactUrl } from './redact-url.js';
import type { WebhookTargets } from './webhook-targets.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } as const;

/**
 * Webhook subscriptions and their dead letters, for admins and the governance group: create (`{ url, types?,
 * secret }`), list, delete, and the deliveries that failed every retry. A URL whose host is a non-public IP
 * address that `targets` does not allow is refused; URLs are shown with their credentials redacted.
 */
export function webhookRoutes(
  catalog: Catalog,
  access: AccessModel,
  targets: WebhookTargets,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', async (request) => {
      const { user } = request;
      access.require(
        principalOf(user),
        'manageWebhooks',
        'mesh',
        `webhooks are managed by admins and the governance group, not ${user.email} (${user.role})`,
      );
    });

    app.post(
      '/webhooks',
      { schema: { tags: ['events'], body: WebhookBody, response: { 201: WebhookSchema, ...errors } } },
      async (request, reply) => {
        const { url, types, secret } = request.body;
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new InputError(`${url} is not a URL`, { field: 'url' });
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
          throw new InputError(`a webhook URL is http or https, not ${parsed.protocol}`, { field: 'url' });
        }
        const refused = targets.refusal(parsed);
        if (refused) throw new InputError(refused, { field: 'url' });
        const known = new Set<string>(EVENT_NAMES.map(normalizeType));
        const full = [...new Set((types ?? []).map(normalizeType))];
        const unknown = full.filter((t) => !known.has(t));
        if (unknown.length > 0) {
          throw new InputError(`unknown event types: ${unknown.join(', ')}`, { field: 'types', known: [...known] });
        }
        const hook = await createWebhook(catalog.db, {
          id: randomUUID(),
          url: parsed.toString(),
          types: full,
          secret,
          createdBy: request.user.email,
        });
        return reply.status(201).send(webhookJson(hook));
      },
    );

    app.get('/webhooks', { schema: { tags: ['events'], response: { 200: WebhookList, ...errors } } }, async () => ({
      items: (await listWebhooks(catalog.db)).map(webhookJson),
    }));

    app.get(
      '/webhooks/dead-letters',
      {
        schema: {
          tags: ['events'],
          querystring: DeadLetterQuery,
          response: { 200: DeadLetterList, ...errors },
        },
      },
      async (request) => {
        const dead = await listDeliveries(catalog.db, { status: 'dead', limit: request.query.limit ?? 100 });
        return {
          items: dead.map((d) => ({
            webhookId: d.webhookId,
            url: redactUrl(d.url),
            attempts: d.attempts,
            lastStatus: d.lastStatus,
            lastError: d.lastError,
            failedAt: d.updatedAt.toISOString(),
            event: {
              specversion: '1.0',
              id: d.event.id,
              source: d.event.source,
              type: d.event.type,
              time: d.event.time.toISOString(),
              ...(d.event.subject !== null ? { subject: d.event.subject } : {}),
              datacontenttype: 'application/json',
              data: d.event.data,
            },
          })),
        };
      },
    );

    app.delete(
      '/webhooks/:id',
      {
        schema: {
          tags: ['events'],
          params: WebhookIdParams,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        if (!(await deleteWebhook(catalog.db, request.params.id))) {
          throw new NotFoundError(`no webhook ${request.params.id}`);
        }
        return reply.status(204).send(null);
      },
    );
  };
}

function webhookJson(hook: Webhook) {
  return {
    id: hook.id,
    url: redactUrl(hook.url),
    types: [...hook.types],
    createdBy: hook.createdBy,
    createdAt: hook.createdAt.toISOString(),
  };
}
