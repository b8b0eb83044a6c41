import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery, ErrorResponse } from '@meshwork/api';
import { type Catalog, listAudit } from '@meshwork/catalog';
import { InputError } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import { meshActionHook } from '../access/mesh-action-hook.js';

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
