import { type Static, Type } from '@sinclair/typebox';

/** The body of `POST /query`: one SELECT over product addresses. */
export const QueryBody = Type.Object(
  {
    sql: Type.String({
      minLength: 1,
      maxLength: 100_000,
      description: 'One SELECT over product addresses (domain.product).',
    }),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('ndjson')])),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: 'Rows returned at most (default 1000).' }),
    ),
  },
  { additionalProperties: false },
);

/** The static type of {@link QueryBody}. */
export type QueryBody = Static<typeof QueryBody>;

/** The json answer of `POST /query`; csv and ndjson stream the rows instead. */
export const QueryAnswer = Type.Object({
  columns: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), masked: Type.Boolean() })),
  rows: Type.Array(Type.Array(Type.Unknown())),
  truncated: Type.Boolean(),
  truncatedBy: Type.Union([Type.Literal('rows'), Type.Literal('bytes'), Type.Null()], {
    description: "`rows`: the limit was reached; `bytes`: the server's cap on an answer's size was.",
  }),
  stats: Type.Object({
    rows: Type.Integer(),
    durationMs: Type.Number(),
    cpuMs: Type.Number(),
    products: Type.Array(Type.String()),
  }),
});
/** The json answer of `POST /query`. */
export type QueryAnswer = Static<typeof QueryAnswer>;
