import { type Static, Type } from '@sinclair/typebox';

const Name = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
/** `GET /search?q&domain&tag&status&classification&limit`. */
export const SearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 200 }),
    domain: Type.Optional(Name),
    tag: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(Name),
    classification: Type.Optional(Name),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
const Facet = Type.Record(Type.String(), Type.Integer());
/** The products matching a search, ranked, with facet counts. */
export const SearchResult = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      address: Type.String(),
      name: Type.String(),
      description: Type.String(),
      domain: Type.String(),
      status: Type.String(),
      tags: Type.Array(Type.String()),
      rank: Type.Number(),
    }),
  ),
  facets: Type.Object({ domain: Facet, tag: Facet, status: Facet, classification: Facet }),
});

/** The static type of {@link SearchQuery}. */
export type SearchQuery = Static<typeof SearchQuery>;
/** The static type of {@link SearchResult}. */
export type SearchResult = Static<typeof SearchResult>;
