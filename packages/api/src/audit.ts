import { type Static, Type } from '@sinclair/typebox';
import { Address } from './common.js';

const Instant = Type.String({
  maxLength: 40,
  description:
    'An ISO 8601 date (UTC midnight) or date-time with its zone, for example 2026-03-01 or 2026-03-01T12:00:00Z.',
});

/** `GET /audit?user&product&action&outcome&from&to&limit&cursor`. */
export const AuditQuery = Type.Object(
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

/** A page of the audit log, newest first; `next` is the cursor of the following page. */
export const AuditPage = Type.Object({
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

/** The static type of {@link AuditQuery}. */
export type AuditQuery = Static<typeof AuditQuery>;
/** The static type of {@link AuditPage}. */
export type AuditPage = Static<typeof AuditPage>;
