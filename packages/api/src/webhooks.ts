import { type Static, Type } from '@sinclair/typebox';

/** The body of `POST /webhooks`. */
export const WebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'An http or https URL' }),
    types: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 50,
        description: 'Event types (`product.published` or `dev.meshwork.product.published`); all when absent',
      }),
    ),
    secret: Type.String({ minLength: 16, maxLength: 512, description: 'Signs deliveries; stored, never returned' }),
  },
  { additionalProperties: false },
);

/** A registered webhook; its URL with credentials redacted, never its secret. */
export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'The URL with its credentials replaced by ***' }),
  types: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** A delivery that gave up after its retries, with the event it carried. */
export const DeadLetter = Type.Object({
  webhookId: Type.String(),
  url: Type.String(),
  attempts: Type.Integer(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  failedAt: Type.String({ format: 'date-time' }),
  event: Type.Object({}, { additionalProperties: true }),
});

/** The static type of {@link WebhookBody}. */
export type WebhookBody = Static<typeof WebhookBody>;
/** The static type of {@link Webhook}. */
export type Webhook = Static<typeof Webhook>;
/** The static type of {@link DeadLetter}. */
export type DeadLetter = Static<typeof DeadLetter>;

/** `GET /webhooks`. */
export const WebhookList = Type.Object({ items: Type.Array(Webhook) });
/** The registered webhooks. */
export type WebhookList = Static<typeof WebhookList>;

/** `GET /webhooks/dead-letters?limit`. */
export const DeadLetterQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);

/** The deliveries that gave up. */
export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetter) });
/** The deliveries that gave up. */
export type DeadLetterList = Static<typeof DeadLetterList>;

/** `DELETE /webhooks/{id}`. */
export const WebhookIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** `GET /events?types&lastEventId`: the server-sent event stream. */
export const EventStreamQuery = Type.Object(
  {
    types: Type.Optional(Type.String({ maxLength: 2000 })),
    lastEventId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** No body (204). */
export const NoContent = Type.Null();
