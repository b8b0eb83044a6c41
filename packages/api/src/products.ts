import { type Static, Type } from '@sinclair/typebox';
import { Address, Nullable, Version } from './common.js';

/** A product as the catalog lists it: `GET /products`, `GET /products/{address}`. */
export const Product = Type.Object({
  address: Type.String(),
  domain: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: Type.String(),
  latestVersion: Nullable(Type.String()),
  updatedAt: Type.String({ format: 'date-time' }),
});
/** A product as the catalog lists it. */
export type Product = Static<typeof Product>;

/** A page of products; `next` is the cursor of the following page (null on the last). */
export const ProductPage = Type.Object({ items: Type.Array(Product), next: Nullable(Type.String()) });
/** A page of products. */
export type ProductPage = Static<typeof ProductPage>;

/** `GET /products?cursor&limit&domain`. */
export const ListQuery = Type.Object(
  {
    cursor: Type.Optional(Address),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    domain: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$' })),
  },
  { additionalProperties: false },
);
/** The query of `GET /products`. */
export type ListQuery = Static<typeof ListQuery>;

/** A governance finding, as `meshwork validate` prints it. */
export const Finding = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
  message: Type.String(),
  file: Type.String(),
  line: Type.Integer(),
  column: Type.Integer(),
  hint: Nullable(Type.String()),
});
/** A governance finding. */
export type Finding = Static<typeof Finding>;

/** One published version of a product. */
export const VersionEntry = Type.Object({
  version: Type.String(),
  contentHash: Type.String(),
  publishedBy: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  findings: Type.Array(Finding, { description: 'Governance warnings the version was published with.' }),
});
/** One published version of a product. */
export type VersionEntry = Static<typeof VersionEntry>;

/** `GET /products/{address}/versions`: every published version, oldest first. */
export const VersionList = Type.Array(VersionEntry);
/** Every published version of a product. */
export type VersionList = Static<typeof VersionList>;

/** A publish: the descriptor and contracts as the YAML texts of the domain's repository. */
export const PublishBody = Type.Object(
  {
    version: Version,
    descriptor: Type.String({ minLength: 1, maxLength: 262_144, description: 'product.yaml text' }),
    contracts: Type.Array(
      Type.Object(
        {
          path: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_.-]+$' }),
          text: Type.String({ minLength: 1, maxLength: 524_288 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    docs: Type.Optional(Type.String({ maxLength: 262_144 })),
    files: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_. -]+$' }), {
        maxItems: 200,
        description:
          'Names of the other files in the product folder (README.md, build.sql), for rules that look at them.',
      }),
    ),
    expectedLatest: Type.Optional(Nullable(Version)),
  },
  { additionalProperties: false },
);
/** The body of `POST /products/{address}/versions`. */
export type PublishBody = Static<typeof PublishBody>;

/** One classified contract change (docs/breaking-changes.md). */
export const ContractChange = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('breaking'), Type.Literal('warning'), Type.Literal('info')]),
  location: Type.String(),
  message: Type.String(),
});
/** One classified contract change. */
export type ContractChange = Static<typeof ContractChange>;

/** The changelog of one version against the one before it (`previous` null for the first). */
export const VersionChanges = Type.Object({
  address: Type.String(),
  version: Type.String(),
  previous: Nullable(Type.String()),
  changes: Type.Array(ContractChange),
});
/** The changelog of one version. */
export type VersionChanges = Static<typeof VersionChanges>;

/** What a publish did: 201 `published`, 200 `unchanged` (the same content again). */
export const PublishResult = Type.Object({
  status: Type.Union([Type.Literal('published'), Type.Literal('unchanged')]),
  address: Type.String(),
  version: Type.String(),
  changes: Type.Array(ContractChange),
  affectedConsumers: Type.Array(Type.String()),
  warnings: Type.Array(Finding, { description: 'Governance warnings, stored with the version.' }),
});
/** What a publish did. */
export type PublishResult = Static<typeof PublishResult>;
