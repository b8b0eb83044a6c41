import { type Static, Type } from '@sinclair/typebox';

/** `GET /products/{address}/data?columns&limit&cursor&format`. */
export const DataQuery = Type.Object(
  {
    columns: Type.Optional(Type.String({ description: 'Comma-separated column names (default: all).' })),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'Rows per page: default 1000, at most 10,000 for json and csv, 1,000,000 for parquet.',
      }),
    ),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', description: 'The `next` of the previous page.' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('parquet')])),
  },
  { additionalProperties: false },
);

/** The static type of {@link DataQuery}. */
export type DataQuery = Static<typeof DataQuery>;

/** A page of rows; its shape depends on `format`, so it is documented, not checked. */
export const DataPage = Type.Any({
  description: 'json: { columns, rows, next }; csv: the rows, with the cursor in x-meshwork-next.',
});
