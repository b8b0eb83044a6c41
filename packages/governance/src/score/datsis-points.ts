import type { DomainSpec, OdcsContract, OdcsObject, OdcsProperty, ProductSpec } from '@meshwork/core';

/** The six DATSIS qualities of a data product. */
export const DATSIS = [
  'discoverable',
  'addressable',
  'trustworthy',
  'selfDescribing',
  'interoperable',
  'secure',
] as const;
export type DatsisDimension = (typeof DATSIS)[number];

/** Evidence only the catalog has: the latest check run and SLA status. Undefined: not measured. */
export interface RuntimeEvidence {
  /** Whether the latest check run passed (no error-severity check failed). */
  readonly checksPassed?: boolean | undefined;
  /** Whether every declared SLA is met now. */
  readonly slaMet?: boolean | undefined;
  /** Whether the product is published to the catalog. */
  readonly published?: boolean | undefined;
}

/** What a product is scored on: its descriptor and contracts as values (from files or from the catalog). */
export interface ScoreInput {
  readonly address: string;
  readonly product: ProductSpec;
  readonly contracts: readonly OdcsContract[];
  /** File names in the product folder besides product.yaml and contracts (README.md…). */
  readonly files: readonly string[];
  readonly domain: DomainSpec | undefined;
  readonly evidence?: RuntimeEvidence;
  /** Most sensitive levels allowed per isolation pattern, from the taxonomy: level name → allowed patterns. */
  readonly allowedPatterns?: ReadonlyMap<string, readonly string[]>;
  /** True when the product's domain writes at least one access policy of its own. */
  readonly hasDomainPolicy?: boolean;
}

/** One piece of evidence: earned, missing (with its fix), or not measured where the score was computed. */
export interface ScorePoint {
  readonly dimension: DatsisDimension;
  readonly id: string;
  readonly description: string;
  /** True earned, false missing, null not measured (left out of the score). */
  readonly earned: boolean | null;
  readonly fix: string;
}

interface PointDefinition {
  readonly dimension: DatsisDimension;
  readonly id: string;
  readonly description: string;
  readonly fix: string;
  readonly test: (p: Facts) => boolean | null;
}

/** What the points look at, computed once per product. */
interface Facts {
  readonly input: ScoreInput;
  readonly contracts: readonly OdcsContract[];
  readonly objects: readonly OdcsObject[];
  readonly properties: readonly OdcsProperty[];
}

const PII_NAME =
  /(^|_)(e_?mail|phone|mobile|first_name|last_name|full_name|customer_name|contact_name|address|street|postcode|postal_code|zip|zip_code|birth_date|date_of_birth|dob|birthday|ssn|national_id|passport|tax_id|iban|ip|ip_address)($|_)/;
const SNAKE = /^[a-z][a-z0-9_]*$/;
const every = <T>(items: readonly T[], test: (t: T) => boolean) => items.length > 0 && items.every(test);
const sla = (c: OdcsContract, names: readonly string[]) =>
  (c.slaProperties ?? []).some((s) => names.includes(s.property));
const filled = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/**
 * The evidence behind each DATSIS quality, in order. Each point is concrete and checkable, and says how
 * to earn it; a quality's score is the share of its measured points that are earned.
 */
export const POINTS: readonly PointDefinition[] = [
  {
    dimension: 'discoverable',
    id: 'purpose-stated',
    description: 'the purpose says in a sentence what the product is for',
    fix: 'Write one sentence (20+ characters) in description.purpose of product.yaml.',
    test: (f) => f.input.product.description.purpose.trim().length >= 20,
  },
  {
    dimension: 'discoverable',
    id: 'tagged',
    description: 'tags name the subjects it covers',
    fix: 'Add `tags:` to product.yaml.',
    test: (f) => (f.input.product.tags ?? []).length > 0,
  },
  {
    dimension: 'discoverable',
    id: 'readme',
    description: 'a README.md explains it to people',
    fix: 'Write README.md next to product.yaml.',
    test: (f) => f.input.files.includes('README.md'),
  },
  {
    dimension: 'discoverable',
    id: 'published',
    description: 'it is published to the catalog, where search finds it',
    fix: 'Run `meshwork publish` for the product.',
    test: (f) => f.input.evidence?.published ?? null,
  },
  {
    dimension: 'addressable',
    id: 'output-interfaces',
    description: 'every output port says how it is served (sql, rest, file, delta-sharing)',
    fix: 'Add `interfaces: [sql]` (or the ones it offers) to each output port.',
    test: (f) => every(f.input.product.outputPorts, (p) => (p.interfaces ?? []).length > 0),
  },
  {
    dimension: 'addressable',
    id: 'stable-version',
    description: 'its version is 1.0.0 or later, so the address promises compatibility',
    fix: 'Publish 1.0.0 once the contract is stable; 0.x versions promise nothing.',
    test: (f) => !/^0\./.test(f.input.product.version),
  },
  {
    dimension: 'addressable',
    id: 'contract-urn',
    description: 'every contract has a global id (a URN)',
    fix: 'Give contracts ids such as urn:<org>:<domain>:<product>.',
    test: (f) => every(f.contracts, (c) => c.id.startsWith('urn:')),
  },
  {
    dimension: 'trustworthy',
    id: 'quality-checks',
    description: 'every table has at least one quality check',
    fix: 'Add a quality rule to each table (for example rowCount > 0) or to its key columns.',
    test: (f) =>
      every(
        f.objects,
        (o) => (o.quality ?? []).length > 0 || (o.properties ?? []).some((p) => (p.quality ?? []).length > 0),
      ),
  },
  {
    dimension: 'trustworthy',
    id: 'checks-pass',
    description: 'the latest check run passed',
    fix: 'Run `meshwork test` and fix the failing checks; the catalog keeps the latest run.',
    test: (f) => f.input.evidence?.checksPassed ?? null,
  },
  {
    dimension: 'trustworthy',
    id: 'sla-declared',
    description: 'every contract promises freshness (latency or frequency) and availability',
    fix: 'Add latency or frequency and availability to slaProperties.',
    test: (f) => every(f.contracts, (c) => sla(c, ['latency', 'frequency']) && sla(c, ['availability'])),
  },
  {
    dimension: 'trustworthy',
    id: 'sla-met',
    description: 'its SLAs are met now',
    fix: 'Rebuild the product (stale data breaks freshness) and see `GET /api/v1/products/{address}/sla`.',
    test: (f) => f.input.evidence?.slaMet ?? null,
  },
  {
    dimension: 'trustworthy',
    id: 'lineage',
    description: 'its inputs (sources or upstream products) are declared',
    fix: 'Add inputPorts to product.yaml.',
    test: (f) => (f.input.product.inputPorts ?? []).length > 0,
  },
  {
    dimension: 'selfDescribing',
    id: 'columns-typed',
    description: 'every column has a logical type',
    fix: 'Add logicalType to every property.',
    test: (f) => every(f.properties, (p) => filled(p.logicalType)),
  },
  {
    dimension: 'selfDescribing',
    id: 'columns-described',
    description: 'every column has a description',
    fix: 'Add a description to every property.',
    test: (f) => every(f.properties, (p) => filled(p.description)),
  },
  {
    dimension: 'selfDescribing',
    id: 'tables-described',
    description: 'every table has a description',
    fix: 'Add a description to every schema object.',
    test: (f) => every(f.objects, (o) => filled(o.description)),
  },
  {
    dimension: 'selfDescribing',
    id: 'contract-described',
    description: 'every contract states its purpose',
    fix: 'Add description.purpose to each contract.',
    test: (f) => every(f.contracts, (c) => filled((c.description as { purpose?: unknown } | undefined)?.purpose)),
  },
  {
    dimension: 'interoperable',
    id: 'snake-case',
    description: 'tables and columns are named in lower snake_case',
    fix: 'Rename tables and columns in lower snake_case.',
    test: (f) => every(f.objects, (o) => SNAKE.test(o.name)) && f.properties.every((p) => SNAKE.test(p.name)),
  },
  {
    dimension: 'interoperable',
    id: 'physical-types',
    description: 'every column has a physical type, so engines agree on it',
    fix: 'Add physicalType (for example BIGINT, VARCHAR, DECIMAL(12,2)) to every property.',
    test: (f) => every(f.properties, (p) => filled(p.physicalType)),
  },
  {
    dimension: 'interoperable',
    id: 'current-odcs',
    description: 'contracts use ODCS v3.1 or later',
    fix: 'Set apiVersion: v3.1.0 (or later) and migrate the contract.',
    test: (f) => every(f.contracts, (c) => /^v3\.([1-9]|\d{2,})/.test(c.apiVersion)),
  },
  {
    dimension: 'secure',
    id: 'pii-classified',
    description: 'every column that looks like personal data is classified',
    fix: 'Add classification (for example pii) to columns holding personal data.',
    test: (f) => f.properties.every((p) => !PII_NAME.test(p.name) || filled(p.classification)),
  },
  {
    dimension: 'secure',
    id: 'classified',
    description: 'at least one column carries a classification, so masking knows what to protect',
    fix: 'Classify the columns (public, internal, confidential, pii) in the contract.',
    test: (f) => f.properties.some((p) => filled(p.classification)),
  },
  {
    dimension: 'secure',
    id: 'pattern-fits-classification',
    description: "the domain's isolation pattern may hold every classification the product holds",
    fix: 'Upgrade the domain (`meshwork domain upgrade`) or reclassify.',
    test: (f) => {
      const pattern = f.input.domain?.isolation;
      const allowed = f.input.allowedPatterns;
      if (!pattern || !allowed) return null;
      return f.properties.every(
        (p) => !p.classification || (allowed.get(p.classification) ?? [pattern]).includes(pattern),
      );
    },
  },
  {
    dimension: 'secure',
    id: 'domain-policy',
    description: 'its domain states who may use its products, in a Cedar policy of its own',
    fix: 'Write domains/<domain>/policies/<domain>.cedar with the permits for its products.',
    test: (f) => f.input.hasDomainPolicy ?? null,
  },
];

/** The facts points look at. */
export function factsOf(input: ScoreInput): Facts {
  const contracts = input.contracts;
  const objects = contracts.flatMap((c) => [...(c.schema ?? [])]);
  const properties: OdcsProperty[] = [];
  const walk = (list: readonly OdcsProperty[] | undefined) => {
    for (const p of list ?? []) {
      properties.push(p);
      walk(p.properties);
    }
  };
  for (const o of objects) walk(o.properties);
  return { input, contracts, objects, properties };
}
