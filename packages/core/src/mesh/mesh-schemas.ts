import { type Static, Type } from '@sinclair/typebox';

/**
 * JSON Schemas (built with TypeBox, so each has a static type) for the three Meshwork files: `meshwork.yaml`,
 * `domain.yaml` and `product.yaml`. They are the single definition used for validation, types and docs.
 */

/** A string enum as JSON Schema `enum` (TypeBox unions of literals become `anyOf`, which reports worse). */
function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

const Name = Type.String({
  pattern: '^[a-z][a-z0-9_]*$',
  description: 'Lower snake_case: letters, digits and underscores, starting with a letter.',
});

/** An isolation pattern: where a domain's data lives and whose compute works on it. */
export const IsolationPatternSchema = StringEnum(['schema', 'workspace', 'account'], {
  description:
    'schema: shared database, a schema per domain; workspace: own database and engine; account: own storage root, key and process.',
});
export type IsolationPattern = Static<typeof IsolationPatternSchema>;

/** Engine limits for a domain's own workspace. */
export const EngineLimitsSchema = Type.Object(
  {
    memoryLimit: Type.Optional(
      Type.String({
        pattern: '^[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$',
        description: 'For example 2GB.',
      }),
    ),
    threads: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
    queryTimeout: Type.Optional(Type.String({ pattern: '^[0-9]+(ms|s|m|h)$', description: 'For example 30s or 5m.' })),
  },
  { additionalProperties: false },
);
export type EngineLimits = Static<typeof EngineLimitsSchema>;

/** The price table of chargeback: what the platform charges domains for their queries and their storage. */
export const PricesSchema = Type.Object(
  {
    currency: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{3}$',
        default: 'EUR',
        description: 'ISO 4217 code of the prices, for example EUR or USD (default EUR).',
      }),
    ),
    perTBScanned: Type.Number({
      minimum: 0,
      description: 'Price of one terabyte (10^12 bytes) read by gateway queries, charged to the querying domain.',
    }),
    perCpuHour: Type.Number({
      minimum: 0,
      description: 'Price of one hour of CPU time of gateway queries, charged to the querying domain.',
    }),
    perGBMonthStored: Type.Number({
      minimum: 0,
      description: 'Price of one gigabyte (10^9 bytes) stored for a month, charged to the producing domain.',
    }),
  },
  { additionalProperties: false, description: 'The price table of the chargeback report (GET /api/v1/chargeback).' },
);
export type Prices = Static<typeof PricesSchema>;

/** `meshwork.yaml`: the mesh root. */
export const MeshConfigSchema = Type.Object(
  {
    apiVersion: Type.Literal('meshwork/v1'),
    kind: Type.Literal('Mesh'),
    name: Type.String({ pattern: '^[a-z][a-z0-9_-]*$' }),
    description: Type.Optional(Type.String()),
    defaults: Type.Optional(
      Type.Object(
        { isolation: Type.Optional(IsolationPatternSchema), engine: Type.Optional(EngineLimitsSchema) },
        { additionalProperties: false },
      ),
    ),
    prices: Type.Optional(PricesSchema),
  },
  { additionalProperties: false },
);
export type MeshConfig = Static<typeof MeshConfigSchema>;

/** A person on a domain team. */
export const TeamMemberSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    email: Type.String({ format: 'email' }),
    role: StringEnum(['owner', 'engineer', 'analyst']),
  },
  { additionalProperties: false },
);
export type TeamMember = Static<typeof TeamMemberSchema>;

/** How to reach the people on call for a domain. */
export const ContactSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String({ format: 'email' })),
    phone: Type.Optional(Type.String()),
    channel: Type.Optional(Type.String({ description: 'A chat channel, for example #marketing-data-oncall.' })),
    url: Type.Optional(Type.String({ format: 'uri' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type Contact = Static<typeof ContactSchema>;

/** `domains/<domain>/domain.yaml`. */
export const DomainSpecSchema = Type.Object(
  {
    apiVersion: Type.Literal('meshwork/v1'),
    kind: Type.Literal('Domain'),
    name: Name,
    description: Type.String({ minLength: 1 }),
    capability: Type.String({ minLength: 1, description: 'The business capability the domain aligns with.' }),
    team: Type.Object(
      { name: Type.String({ minLength: 1 }), members: Type.Array(TeamMemberSchema, { minItems: 1 }) },
      { additionalProperties: false },
    ),
    onCall: ContactSchema,
    isolation: IsolationPatternSchema,
    compliance: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }), { uniqueItems: true })),
    costCenter: Type.Optional(Type.String()),
    engine: Type.Optional(EngineLimitsSchema),
    shares: Type.Optional(
      Type.Array(
        Type.Object(
          { product: Name, with: Type.Array(Name, { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        {
          description:
            'Products an account-per-domain domain shares with other domains; their engines read them only through these shares.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type DomainSpec = Static<typeof DomainSpecSchema>;

/** Where an input port reads from a file source (CSV, Parquet or JSON), relative to the domain folder. */
export const SourceSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'A file or glob relative to the domain folder.' }),
    format: StringEnum(['csv', 'parquet', 'json']),
    generator: Type.Optional(
      Type.String({
        description: 'A SQL file (relative to the domain folder) that writes the source when it is missing.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Source = Static<typeof SourceSchema>;

/** An input port: another product by address, or a source. Exactly one of the two. */
export const InputPortSchema = Type.Object(
  {
    name: Name,
    description: Type.Optional(Type.String()),
    product: Type.Optional(Type.String({ description: 'Address of the product read, `domain.product`.' })),
    port: Type.Optional(
      Type.String({ description: "Name of the upstream product's output port, when it has several." }),
    ),
    source: Type.Optional(SourceSchema),
  },
  { additionalProperties: false },
);
export type InputPort = Static<typeof InputPortSchema>;

/** An access interface an output port offers. */
export const InterfaceSchema = StringEnum(['sql', 'rest', 'file', 'delta-sharing']);

/** An output port: data served under an ODCS contract. */
export const OutputPortSchema = Type.Object(
  {
    name: Name,
    description: Type.Optional(Type.String()),
    contractId: Type.String({ minLength: 1, description: 'The `id` of an ODCS contract in the product folder.' }),
    interfaces: Type.Optional(Type.Array(InterfaceSchema, { uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type OutputPort = Static<typeof OutputPortSchema>;

/** `domains/<domain>/products/<product>/product.yaml`, in the shape of ODPS v1.0 where it fits. */
export const ProductSpecSchema = Type.Object(
  {
    apiVersion: Type.Literal('meshwork/v1'),
    kind: Type.Literal('DataProduct'),
    id: Name,
    name: Type.String({ minLength: 1 }),
    version: Type.String({ description: 'Semantic version of the product.' }),
    domain: Name,
    owner: Type.String({ format: 'email', description: 'E-mail of the accountable owner.' }),
    status: StringEnum(['proposed', 'draft', 'active', 'deprecated', 'retired']),
    description: Type.Object(
      {
        purpose: Type.String({ minLength: 1 }),
        limitations: Type.Optional(Type.String()),
        usage: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    tags: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
    inputPorts: Type.Optional(Type.Array(InputPortSchema)),
    outputPorts: Type.Array(OutputPortSchema, { minItems: 1 }),
    build: Type.Optional(
      Type.Object(
        { transform: Type.String({ minLength: 1, description: 'SQL file, relative to the product folder.' }) },
        { additionalProperties: false },
      ),
    ),
    support: Type.Optional(ContactSchema),
  },
  { additionalProperties: false },
);
export type ProductSpec = Static<typeof ProductSpecSchema>;

/** How a classified value is shown to a consumer without clearance. */
export const MaskingSchema = StringEnum(['none', 'redact', 'hash', 'null', 'partial']);

/** One level of the classification taxonomy. */
export const ClassificationLevelSchema = Type.Object(
  {
    name: Name,
    description: Type.String({ minLength: 1 }),
    masking: MaskingSchema,
    allowedPatterns: Type.Array(IsolationPatternSchema, { minItems: 1, uniqueItems: true }),
    maxRetention: Type.Optional(
      Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?\\s*(d|w|mo|y)$', description: 'For example 3y or 90d.' }),
    ),
    crossDomainNeedsApproval: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ClassificationLevel = Static<typeof ClassificationLevelSchema>;

/** `governance/classification.yaml`: the levels in rank order, least sensitive first. */
export const ClassificationTaxonomySchema = Type.Object(
  {
    apiVersion: Type.Literal('meshwork/v1'),
    kind: Type.Literal('ClassificationTaxonomy'),
    levels: Type.Array(ClassificationLevelSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ClassificationTaxonomy = Static<typeof ClassificationTaxonomySchema>;

/** What a rule is evaluated on; each kind sees its enclosing nodes too (a property rule sees `object`, `contract`, …). */
export const RULE_TARGETS = ['domain', 'product', 'contract', 'object', 'property'] as const;
export type RuleTarget = (typeof RULE_TARGETS)[number];

/** `error` blocks validate and publish; `warn` is reported and stored with the published version. */
export const RuleSeveritySchema = StringEnum(['warn', 'error']);
export type RuleSeverity = Static<typeof RuleSeveritySchema>;

/** One conformance rule: a CEL expression that is true when the target conforms. */
export const RuleSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'Kebab-case; the code of its diagnostics.' }),
    description: Type.String({ minLength: 1 }),
    target: StringEnum(RULE_TARGETS),
    severity: RuleSeveritySchema,
    when: Type.Optional(Type.String({ minLength: 1, description: 'CEL: the rule applies only where this is true.' })),
    check: Type.String({ minLength: 1, description: 'CEL: true when the target conforms.' }),
    message: Type.String({
      minLength: 1,
      description: 'What is wrong; `{{ CEL }}` placeholders are filled from the target, e.g. {{ property.name }}.',
    }),
    fix: Type.String({ minLength: 1, description: 'How to fix it: the hint of the diagnostic.' }),
    field: Type.Optional(
      Type.String({
        description: 'A field of the target to point at (for example `description`); the node itself otherwise.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Rule = Static<typeof RuleSchema>;

/** A domain's change to a global rule: it may only make it stricter. */
export const RuleTighteningSchema = Type.Object(
  { rule: Type.String({ minLength: 1 }), severity: RuleSeveritySchema },
  { additionalProperties: false },
);
export type RuleTightening = Static<typeof RuleTighteningSchema>;

/** `governance/rules/*.yaml` and `domains/<d>/rules/*.yaml`. */
export const RulePackSchema = Type.Object(
  {
    apiVersion: Type.Literal('meshwork/v1'),
    kind: Type.Literal('RulePack'),
    description: Type.Optional(Type.String()),
    rules: Type.Optional(Type.Array(RuleSchema)),
    tighten: Type.Optional(
      Type.Array(RuleTighteningSchema, { description: 'Domain packs only: raise the severity of global rules.' }),
    ),
  },
  { additionalProperties: false },
);
export type RulePack = Static<typeof RulePackSchema>;
