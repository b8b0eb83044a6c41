import type { DomainSource, MeshSource, ProductSource, SourceFile } from '@meshwork/core';
import { stringify } from 'yaml';

/** Deterministic pseudo-random numbers (mulberry32), so every run generates the same mesh. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of `generateMesh`. */
export interface MeshShape {
  readonly domains: number;
  readonly productsPerDomain: number;
  /** Tables per contract, inclusive range. */
  readonly tables: readonly [number, number];
  /** Columns per table, inclusive range. */
  readonly columns: readonly [number, number];
  /**
   * Probability of each kind of deliberate, schema-valid defect the default rule pack reports (a column
   * without description, a PII-looking column without classification, a table without quality check…).
   */
  readonly defectRate: number;
  readonly seed: number;
  readonly ruleFiles?: readonly SourceFile[];
  readonly policyFiles?: readonly SourceFile[];
}

/** What `generateMesh` produced, besides the source itself. */
export interface GeneratedMesh {
  readonly source: MeshSource;
  readonly products: number;
  readonly tables: number;
  readonly columns: number;
  readonly bytes: number;
}

const DOMAIN_NAMES = [
  'marketing',
  'finance',
  'logistics',
  'sales',
  'support',
  'hr',
  'procurement',
  'inventory',
  'payments',
  'risk',
  'pricing',
  'catalog',
  'fulfilment',
  'billing',
  'fraud',
  'loyalty',
  'partners',
  'legal',
  'research',
  'operations',
];
const SUBJECTS = [
  'orders',
  'customers',
  'invoices',
  'shipments',
  'campaigns',
  'sessions',
  'payments',
  'refunds',
  'tickets',
  'contracts',
  'suppliers',
  'stock_levels',
  'price_changes',
  'subscriptions',
  'returns',
  'employees',
];
type Column = { name: string; logicalType: string; description: string; pii?: boolean };
/** Ordinary columns, drawn at random after the key. */
const COLUMNS: readonly Column[] = [
  { name: 'created_at', logicalType: 'timestamp', description: 'When the row was created in the source system.' },
  { name: 'updated_at', logicalType: 'timestamp', description: 'When the row last changed.' },
  { name: 'status', logicalType: 'string', description: 'Lifecycle status of the record.' },
  { name: 'amount_eur', logicalType: 'number', description: 'Amount in euros, VAT included.' },
  { name: 'net_amount_eur', logicalType: 'number', description: 'Amount in euros before VAT.' },
  { name: 'vat_rate', logicalType: 'number', description: 'VAT rate applied, as a fraction.' },
  { name: 'quantity', logicalType: 'integer', description: 'Number of units.' },
  { name: 'currency', logicalType: 'string', description: 'ISO 4217 currency code.' },
  { name: 'country', logicalType: 'string', description: 'ISO 3166-1 alpha-2 country code.' },
  { name: 'channel', logicalType: 'string', description: 'Sales or marketing channel.' },
  { name: 'is_test', logicalType: 'boolean', description: 'Whether the record is test data.' },
  { name: 'event_date', logicalType: 'date', description: 'Business date of the event.' },
  { name: 'category', logicalType: 'string', description: 'Product category.' },
  { name: 'region', logicalType: 'string', description: 'Sales region.' },
  { name: 'score', logicalType: 'number', description: 'Model score between 0 and 1.' },
  { name: 'duration_s', logicalType: 'integer', description: 'Duration in seconds.' },
  { name: 'source_system', logicalType: 'string', description: 'System the record was exported from.' },
  { name: 'external_ref', logicalType: 'string', description: 'Reference in the source system.' },
  { name: 'discount_eur', logicalType: 'number', description: 'Discount granted, in euros.' },
  { name: 'is_active', logicalType: 'boolean', description: 'Whether the record is current.' },
  { name: 'email', logicalType: 'string', description: 'E-mail address of the person.', pii: true },
  { name: 'phone', logicalType: 'string', description: 'Phone number of the person.', pii: true },
  { name: 'first_name', logicalType: 'string', description: 'Given name.', pii: true },
  { name: 'last_name', logicalType: 'string', description: 'Family name.', pii: true },
  { name: 'street_address', logicalType: 'string', description: 'Street and house number.', pii: true },
  { name: 'postal_code', logicalType: 'string', description: 'Postal code.', pii: true },
  { name: 'ip_address', logicalType: 'string', description: 'IP address of the client.', pii: true },
  { name: 'birth_date', logicalType: 'date', description: 'Date of birth.', pii: true },
];
const ISOLATION = ['schema', 'workspace', 'account'] as const;

/**
 * A mesh of `domains × productsPerDomain` products in the shape of examples/acme: domains with a team,
 * on-call and isolation pattern; products reading a source or an upstream product of their domain, with
 * README.md and build.sql, one output port and its ODCS contract of several tables (columns typed,
 * described and classified, quality checks on tables and columns, latency, availability and retention
 * SLAs, a support channel). Every file passes `loadMesh`; `defectRate` adds rule-pack findings only.
 */
export function generateMesh(shape: MeshShape): GeneratedMesh {
  const rand = random(shape.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const between = ([lo, hi]: readonly [number, number]) => lo + Math.floor(rand() * (hi - lo + 1));
  const defect = () => rand() < shape.defectRate;
  let tables = 0;
  let columns = 0;
  let bytes = 0;
  const file = (path: string, value: unknown): SourceFile => {
    const text = stringify(value, { lineWidth: 0 });
    bytes += text.length;
    return { path, text };
  };

  const domains: DomainSource[] = Array.from({ length: shape.domains }, (_, d) => {
    const name = DOMAIN_NAMES[d % DOMAIN_NAMES.length] as string;
    const domain = d < DOMAIN_NAMES.length ? name : `${name}_${d}`;
    const dir = `domains/${domain}`;
    const people = ['owner', 'engineer', 'analyst'].map((role, k) => ({
      name: `Person ${d}-${k}`,
      email: `person.${d}.${k}@mesh.example`,
      role,
    }));
    const products: ProductSource[] = Array.from({ length: shape.productsPerDomain }, (_, p) => {
      const id = `${SUBJECTS[p % SUBJECTS.length]}_${p}`;
      const productDir = `${dir}/products/${id}`;
      const contractId = `urn:mesh:${domain}:${id}`;
      const tags = [...new Set([domain, SUBJECTS[p % SUBJECTS.length], p % 3 === 0 ? 'reporting' : 'operational'])];
      const schema = Array.from({ length: between(shape.tables) }, (_, t) => {
        tables++;
        const count = between(shape.columns);
        columns += count;
        const used = new Set<string>();
        const properties = Array.from({ length: count }, (_, c) => {
          if (c === 0)
            return {
              name: `${id.replace(/_[0-9]+$/, '')}_id`.replace(/s_id$/, '_id'),
              logicalType: 'integer',
              physicalType: 'BIGINT',
              description: 'Surrogate key.',
              required: true,
              unique: true,
              primaryKey: true,
              classification: 'internal',
              quality: [{ metric: 'nullValues', mustBe: 0, dimension: 'completeness' }],
            };
          let column = pick(COLUMNS);
          for (let tries = 0; used.has(column.name) && tries < 5; tries++) column = pick(COLUMNS);
          const name = used.has(column.name) ? `${column.name}_${c}` : column.name;
          used.add(name);
          const classification = column.pii ? 'pii' : rand() < 0.3 ? 'confidential' : 'internal';
          return {
            name: defect() ? name.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase()) : name,
            logicalType: column.logicalType,
            ...(defect() ? {} : { description: column.description }),
            required: rand() < 0.6,
            ...(column.pii && defect() ? {} : { classification }),
            ...(column.logicalType === 'string' && rand() < 0.4 ? { logicalTypeOptions: { maxLength: 255 } } : {}),
            ...(rand() < 0.25
              ? {
                  quality: [
                    column.logicalType === 'string'
                      ? { metric: 'missingValues', arguments: { missingValues: ['', 'N/A'] }, mustBe: 0 }
                      : { metric: 'nullValues', mustBeLessThan: 1, unit: 'percent', dimension: 'completeness' },
                  ],
                }
              : {}),
          };
        });
        const name = `${id.replace(/_[0-9]+$/, '')}_${['daily', 'lines', 'events', 'snapshot', 'history', 'facts'][t % 6]}`;
        const noQuality = defect();
        return {
          name,
          physicalName: name,
          physicalType: 'table',
          description: `Table ${t} of ${domain}.${id}.`,
          properties: noQuality ? properties.map(({ quality: _q, ...rest }) => rest) : properties,
          ...(noQuality ? {} : { quality: [{ metric: 'rowCount', mustBeGreaterThan: 0, dimension: 'completeness' }] }),
        };
      });
      const first = schema[0] as { name: string; properties: { name: string }[] };
      const sla = [
        { property: 'latency', value: 24, unit: 'h', element: `${first.name}.${first.properties[0]?.name}` },
        ...(defect() ? [] : [{ property: 'availability', value: 99.5, unit: 'percent' }]),
        { property: 'retention', value: 3, unit: 'y' },
      ];
      const contract = file(`${productDir}/${id}.odcs.yaml`, {
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: contractId,
        name: `${domain} ${id}`,
        version: '1.0.0',
        status: 'active',
        domain,
        description: {
          purpose: `The ${id.replace(/_/g, ' ')} of ${domain}, one row per business event, for reporting and models.`,
          usage: 'Join on the surrogate keys.',
        },
        tags,
        schema,
        slaProperties: sla,
        team: { name: `${domain} data`, members: [{ username: people[0]?.email, role: 'owner' }] },
        support: [{ channel: `#${domain}-data`, tool: 'slack', scope: 'interactive' }],
      });
      const upstream = p > 0 && rand() < 0.5 ? Math.floor(rand() * p) : undefined;
      const product = file(`${productDir}/product.yaml`, {
        apiVersion: 'meshwork/v1',
        kind: 'DataProduct',
        id,
        name: `${domain} ${id.replace(/_/g, ' ')}`,
        version: '1.0.0',
        domain,
        owner: people[0]?.email,
        status: 'active',
        description: {
          purpose: `The ${id.replace(/_/g, ' ')} of ${domain}, one row per business event, for reporting and models.`,
        },
        ...(defect() ? {} : { tags }),
        inputPorts: [
          upstream === undefined
            ? { name: 'raw', source: { path: `sources/${id}.parquet`, format: 'parquet' } }
            : { name: 'upstream', product: `${domain}.${SUBJECTS[upstream % SUBJECTS.length]}_${upstream}` },
        ],
        outputPorts: [{ name: id, contractId, interfaces: ['sql', 'rest'] }],
        build: { transform: 'build.sql' },
      });
      return {
        folder: id,
        dir: productDir,
        productFile: product,
        contracts: [contract],
        files: defect() ? ['build.sql'] : ['README.md', 'build.sql'],
      };
    });
    return {
      folder: domain,
      dir,
      domainFile: file(`${dir}/domain.yaml`, {
        apiVersion: 'meshwork/v1',
        kind: 'Domain',
        name: domain,
        description: `The ${domain} domain.`,
        capability: `${domain} operations`,
        team: { name: `${domain} data`, members: people },
        onCall: { name: `${domain} on-call`, channel: `#${domain}-oncall` },
        isolation: ISOLATION[d % ISOLATION.length],
      }),
      products,
      ruleFiles: [],
      policyFiles: [],
    };
  });
  return {
    source: {
      root: 'bench-mesh',
      meshFile: { path: 'meshwork.yaml', text: 'apiVersion: meshwork/v1\nkind: Mesh\nname: bench\n' },
      ruleFiles: shape.ruleFiles ?? [],
      policyFiles: shape.policyFiles ?? [],
      domains,
    },
    products: shape.domains * shape.productsPerDomain,
    tables,
    columns,
    bytes,
  };
}
