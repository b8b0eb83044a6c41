import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Catalog, listAudit } from '@meshwork/catalog';
import { InputError } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import { Type } from '@sinclair/typebox';
import { meshActionHook } from '../access/mesh-action-hook.js';
import { Address, ErrorResponse } from './product-schemas.js';

const Instant = Type.String({
  maxLength: 40,
  description:
    'An ISO 8601 date (UTC midnight) or date-time with its zone, for example 2026-03-01 or 2026-03-01T12:00:00Z.',
});

const AuditQuery = Type.Object(
  {
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'The actor, a user’s e-mail.' })),
    product: Type.Optional(
      Type.String({
        pattern: Address.pattern,
        maxLength: 129,
        description: 'A product address; matches entries whose target is it or lists it (a query reads several).',
      }),
    ),
    action: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.-]+(\\.\\*)?$',
        maxLength: 64,
        description: 'The action, for example publish or query; access.* for every access action.',
      }),
    ),
    outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('refused'), Type.Literal('failed')])),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'The `next` of the previous page.' })),
  },
  { additionalProperties: false },
);

const AuditPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      actor: Type.String(),
      action: Type.String(),
      target: Type.String(),
      outcome: Type.String(),
      requestId: Type.Union([Type.String(), Type.Null()]),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  next: Type.Union([Type.String(), Type.Null()]),
});

/** `GET /audit`: the append-only audit log, newest first, filtered, with cursor paging. */
export function auditRoutes(catalog: Catalog, access: AccessModel): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/audit',
      {
        // The audit log is for admins and the governance group (Cedar `viewAudit`), refused before validation.
        preValidation: meshActionHook(access, 'viewAudit', 'the audit log is for admins and the governance group'),
        schema: {
          tags: ['governance'],
          description:
            'The audit log (admins and governance): who did what to what and how it ended, newest first; `next` is the cursor of the following page.',
          querystring: AuditQuery,
          response: { 200: AuditPage, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
        },
      },
      async (request) => {
        const { user, product, action, outcome, limit, cursor } = request.query;
        const from = instant(request.query.from, 'from');
        const to = instant(request.query.to, 'to');
        if (from && to && from.getTime() >= to.getTime()) {
          throw new InputError(`to (${request.query.to}) must be later than from (${request.query.from})`, {
            field: 'to',
          });
        }
        const page = await listAudit(catalog.db, {
          limit: limit ?? 100,
          ...(user ? { actor: user } : {}),
          ...(product ? { product } : {}),
          ...(action ? { action } : {}),
          ...(outcome ? { outcome } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(cursor ? { before: cursor } : {}),
        });
        return { items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })), next: page.next };
      },
    );
  };
}

/** An ISO 8601 date (UTC midnight) or date-time with its zone, or an InputError naming the field. */
function instant(text: string | undefined, field: 'from' | 'to'): Date | undefined {
  if (text === undefined) return undefined;
  const iso = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2}))?$/;
  const date = new Date(text);
  if (!iso.test(text) || Number.isNaN(date.getTime())) {
    throw new InputError(
      `${field} "${text}" is not an ISO 8601 date or a date-time with its zone, for example 2026-03-01 or 2026-03-01T00:00:00Z`,
      {
        field,
      },
    );
  }
  return date;
}
