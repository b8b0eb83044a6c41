import { Type } from '@sinclair/typebox';

/** A product address `domain.product`: the only form an id takes in a URL (no dots, slashes or `..` else). */
export const Address = Type.String({ pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$', maxLength: 129 });

/** Semantic version MAJOR.MINOR.PATCH with optional pre-release and build. */
export const Version = Type.String({
  pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$',
  maxLength: 64,
});

export const AddressParams = Type.Object({ address: Address }, { additionalProperties: false });

export const VersionParams = Type.Object({ address: Address, version: Version }, { additionalProperties: false });

export const Product = Type.Object({
  address: Type.String(),
  domain: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: Type.String(),
  latestVersion: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProductPage = Type.Object({ items: Type.Array(Product), next: Type.Union([Type.String(), Type.Null()]) });

export const ListQuery = Type.Object(
  {
    cursor: Type.Optional(Address),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    domain: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$' })),
  },
  { additionalProperties: false },
);

/** A governance finding, as `meshwork validate` prints it. */
export const Finding = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
  message: Type.String(),
  file: Type.String(),
  line: Type.Integer(),
  column: Type.Integer(),
  hint: Type.Union([Type.String(), Type.Null()]),
});

export const VersionList = Type.Array(
  Type.Object({
    version: Type.String(),
    contentHash: Type.String(),
    publishedBy: Type.String(),
    publishedAt: Type.String({ format: 'date-time' }),
    findings: Type.Array(Finding, { description: 'Governance warnings the version was published with.' }),
  }),
);

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
    expectedLatest: Type.Optional(Type.Union([Version, Type.Null()])),
  },
  { additionalProperties: false },
);

export const ContractChangeSchema = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('breaking'), Type.Literal('warning'), Type.Literal('info')]),
  location: Type.String(),
  message: Type.String(),
});

/** The changelog of one version against the one before it. */
export const VersionChanges = Type.Object({
  address: Type.String(),
  version: Type.String(),
  previous: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Array(ContractChangeSchema),
});

export const PublishResult = Type.Object({
  status: Type.Union([Type.Literal('published'), Type.Literal('unchanged')]),
  address: Type.String(),
  version: Type.String(),
  changes: Type.Array(ContractChangeSchema),
  affectedConsumers: Type.Array(Type.String()),
  warnings: Type.Array(Finding, { description: 'Governance warnings, stored with the version.' }),
});

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  }),
});
