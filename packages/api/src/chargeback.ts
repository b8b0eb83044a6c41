import { type Static, Type } from '@sinclair/typebox';

/** `GET /chargeback?period=YYYY-MM`. */
export const ChargebackQuery = Type.Object(
  {
    period: Type.String({
      maxLength: 16,
      description: 'The calendar month, UTC, as YYYY-MM (a future month is allowed and empty).',
    }),
  },
  { additionalProperties: false },
);

/** `GET /chargeback`: a month's consumption and storage per domain, priced, and the top queries. */
export const Chargeback = Type.Object({
  period: Type.String(),
  currency: Type.String(),
  prices: Type.Object({ perTBScanned: Type.Number(), perCpuHour: Type.Number(), perGBMonthStored: Type.Number() }),
  domains: Type.Array(
    Type.Object({
      domain: Type.String({ description: 'The domain; (none) for users of no domain.' }),
      consumed: Type.Object({
        queries: Type.Integer(),
        tbScanned: Type.Number(),
        cpuHours: Type.Number(),
        cost: Type.Number(),
      }),
      stored: Type.Object({ gbMonths: Type.Number(), cost: Type.Number() }),
      total: Type.Number(),
    }),
  ),
  topQueries: Type.Array(
    Type.Object({
      user: Type.String(),
      domain: Type.String(),
      products: Type.Array(Type.String()),
      bytesScanned: Type.Number(),
      cpuMs: Type.Number(),
      durationMs: Type.Number(),
      at: Type.String(),
      sql: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  generatedAt: Type.String(),
  note: Type.Optional(Type.String()),
});

/** The static type of {@link ChargebackQuery}. */
export type ChargebackQuery = Static<typeof ChargebackQuery>;
/** The static type of {@link Chargeback}. */
export type Chargeback = Static<typeof Chargeback>;
