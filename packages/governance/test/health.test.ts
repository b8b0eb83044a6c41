import { describe, expect, it } from 'vitest';
import { ANTI_PATTERNS, diagnoseMesh, type HealthFinding } from '../src/index.js';
import { type DomainDef, healthMesh } from './health-fixture.js';

/** Loads the mesh (asserting it validates, so every finding is doctor's own) and diagnoses it. */
function diagnose(domains: readonly DomainDef[]) {
  const { mesh, governance, diagnostics } = healthMesh(domains);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return diagnoseMesh(mesh, governance);
}

const ids = (findings: readonly HealthFinding[], id: string) => findings.filter((f) => f.id === id);

/**
 * A healthy mesh: three domains with their own teams, reads in one direction, classifications carried over,
 * one compliance regime shared by all and another on an account domain with three engineers.
 */
const healthy: DomainDef[] = [
  {
    name: 'marketing',
    compliance: ['gdpr-eu'],
    products: [{ id: 'customers', columns: [{ name: 'segment', classification: 'confidential' }] }],
  },
  {
    name: 'finance',
    isolation: 'account',
    compliance: ['gdpr-eu', 'sox'],
    products: [
      { id: 'invoices', reads: ['marketing.customers'], columns: [{ name: 'segment', classification: 'pii' }] },
    ],
  },
  {
    name: 'logistics',
    isolation: 'workspace',
    compliance: ['gdpr-eu'],
    products: [{ id: 'shipments', reads: ['finance.invoices'] }],
  },
];

describe('diagnoseMesh on a healthy mesh', () => {
  it('finds nothing above info and reports full coverage for every domain', () => {
    const health = diagnose(healthy);
    expect(health.ok).toBe(true);
    expect(health.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(health.coverage).toEqual([
      { domain: 'marketing', products: 1, meetingStandard: 1, percent: 100 },
      { domain: 'finance', products: 1, meetingStandard: 1, percent: 100 },
      { domain: 'logistics', products: 1, meetingStandard: 1, percent: 100 },
    ]);
    // Coverage per domain (info), and the one product nobody reads.
    expect(health.findings.map((f) => [f.id, f.subject])).toEqual([
      ['doctor-standard-coverage', 'finance'],
      ['doctor-standard-coverage', 'logistics'],
      ['doctor-standard-coverage', 'marketing'],
      ['doctor-product-without-consumers', 'logistics.shipments'],
    ]);
  });

  it('gives every finding an id, an anti-pattern, a message and a fix', () => {
    for (const f of diagnose(healthy).findings) {
      expect(f.id).toMatch(/^doctor-[a-z-]+$/);
      expect(ANTI_PATTERNS).toContain(f.antiPattern);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(10);
    }
  });
});

describe('1. rebranded monolith', () => {
  it('warns when one team name owns products in more than half of the domains', () => {
    const { findings } = diagnose([
      { name: 'sales', team: 'Data Platform', products: [{ id: 'orders' }] },
      { name: 'billing', team: 'data platform ', products: [{ id: 'bills' }] },
      { name: 'support', products: [{ id: 'tickets' }] },
    ]);
    expect(ids(findings, 'doctor-rebranded-monolith')).toMatchObject([
      {
        severity: 'warning',
        antiPattern: 'Rebranded monolith',
        subject: 'billing, sales',
        message: expect.stringContaining('team "Data Platform" owns products in 2 of 3 domains (billing and sales)'),
        file: 'domains/billing/domain.yaml',
        line: 7,
      },
    ]);
  });

  it('warns when the same owner e-mail is an owner across most domains, once per set of domains', () => {
    const boss = 'boss@example.com';
    const { findings } = diagnose([
      { name: 'sales', team: 'Central', owner: boss, products: [{ id: 'orders' }] },
      { name: 'billing', team: 'Central', owner: boss, products: [{ id: 'bills' }] },
      { name: 'support', owner: boss, products: [{ id: 'tickets' }] },
    ]);
    const found = ids(findings, 'doctor-rebranded-monolith');
    expect(found.map((f) => [f.subject, f.message.split(':')[0]])).toEqual([
      ['billing, sales', 'team "Central" owns products in 2 of 3 domains (billing and sales)'],
      ['billing, sales, support', `owner ${boss} owns products in 3 of 3 domains (billing, sales and support)`],
    ]);
  });

  it('is silent for a team in half of the domains, or in domains without products', () => {
    const { findings } = diagnose([
      { name: 'sales', team: 'Central', products: [{ id: 'orders' }] },
      { name: 'billing', team: 'Central', products: [{ id: 'bills' }] },
      { name: 'support', products: [{ id: 'tickets' }] },
      { name: 'stock', products: [{ id: 'items' }] },
    ]);
    expect(ids(findings, 'doctor-rebranded-monolith')).toEqual([]);
    const empty = diagnose([
      { name: 'sales', team: 'Central', products: [{ id: 'orders' }] },
      { name: 'billing', team: 'Central' },
      { name: 'support', products: [{ id: 'tickets' }] },
    ]);
    expect(ids(empty.findings, 'doctor-rebranded-monolith')).toEqual([]);
  });
});

describe('2. products without the standard', () => {
  const pack = `apiVersion: meshwork/v1
kind: RulePack
rules:
  - id: sales-ids-are-prefixed
    description: Product ids start with s.
    target: product
    severity: error
    check: product.id.startsWith('s')
    message: "{{ product.id }} does not start with s"
    fix: Rename it.
`;

  it('reports coverage per domain and warns for a domain below 100 %, naming products and rules', () => {
    const { mesh, governance, diagnostics } = healthMesh([
      { name: 'sales', rules: { 'ids.yaml': pack }, products: [{ id: 'orders' }, { id: 'subscriptions' }] },
      { name: 'billing', products: [{ id: 'orders', reads: ['sales.orders', 'sales.subscriptions'] }] },
    ]);
    // The violation fails validation; doctor measures it rather than stopping at it.
    expect(diagnostics.map((d) => d.code)).toEqual(['sales-ids-are-prefixed']);
    const health = diagnoseMesh(mesh, governance);
    expect(health.coverage).toEqual([
      { domain: 'sales', products: 2, meetingStandard: 1, percent: 50 },
      { domain: 'billing', products: 1, meetingStandard: 1, percent: 100 },
    ]);
    expect(ids(health.findings, 'doctor-products-without-standard')).toMatchObject([
      {
        severity: 'warning',
        antiPattern: 'Products without the standard',
        subject: 'sales',
        message: expect.stringContaining('50 % (1 of 2 products'),
        file: 'domains/sales/domain.yaml',
      },
    ]);
    expect(ids(health.findings, 'doctor-products-without-standard')[0]?.message).toContain(
      'sales.orders breaks sales-ids-are-prefixed',
    );
    expect(ids(health.findings, 'doctor-standard-coverage').map((f) => [f.subject, f.severity])).toEqual([
      ['billing', 'info'],
    ]);
  });

  it('does not count warn-severity rules against coverage', () => {
    const warnOnly = pack.replace('severity: error', 'severity: warn');
    const health = diagnose([{ name: 'sales', rules: { 'ids.yaml': warnOnly }, products: [{ id: 'orders' }] }]);
    expect(health.coverage).toEqual([{ domain: 'sales', products: 1, meetingStandard: 1, percent: 100 }]);
    expect(ids(health.findings, 'doctor-products-without-standard')).toEqual([]);
  });
});

describe('3. domains without products, products without consumers', () => {
  it('warns for a domain without products; its coverage has no percentage', () => {
    const health = diagnose([{ name: 'sales', products: [{ id: 'orders' }] }, { name: 'billing' }]);
    expect(ids(health.findings, 'doctor-domain-without-products')).toMatchObject([
      { severity: 'warning', antiPattern: 'Domains without products', subject: 'billing', line: 3 },
    ]);
    expect(health.coverage).toContainEqual({ domain: 'billing', products: 0, meetingStandard: 0, percent: null });
    expect(ids(diagnose(healthy).findings, 'doctor-domain-without-products')).toEqual([]);
  });

  it('notes an active product no product reads, and says catalog consumers are not counted yet', () => {
    const { findings } = diagnose([
      {
        name: 'sales',
        products: [{ id: 'orders' }, { id: 'drafts', status: 'draft' }, { id: 'totals', reads: ['sales.orders'] }],
      },
    ]);
    expect(ids(findings, 'doctor-product-without-consumers')).toMatchObject([
      {
        severity: 'info',
        antiPattern: 'Products without consumers',
        subject: 'sales.totals',
        message: expect.stringContaining('catalog consumers and access grants are not counted yet'),
        file: 'domains/sales/products/totals/product.yaml',
      },
    ]);
  });
});

describe('4. dependency cycles and bottleneck domains', () => {
  it('is an error when two domains read each other through products', () => {
    const health = diagnose([
      { name: 'sales', products: [{ id: 'orders' }, { id: 'margins', reads: ['billing.bills'] }] },
      { name: 'billing', products: [{ id: 'bills', reads: ['sales.orders'] }] },
    ]);
    expect(health.ok).toBe(false);
    expect(ids(health.findings, 'doctor-domain-cycle')).toMatchObject([
      {
        severity: 'error',
        antiPattern: 'Dependency cycles',
        subject: 'billing → sales → billing',
        message: expect.stringContaining('billing.bills reads sales.orders; sales.margins reads billing.bills'),
        file: 'domains/billing/products/bills/product.yaml',
        line: 14,
      },
    ]);
  });

  it('is an error when the loop closes through a third domain, reported once', () => {
    const { findings } = diagnose([
      { name: 'a_dom', products: [{ id: 'one' }, { id: 'four', reads: ['c_dom.three'] }] },
      { name: 'b_dom', products: [{ id: 'two', reads: ['a_dom.one'] }] },
      { name: 'c_dom', products: [{ id: 'three', reads: ['b_dom.two'] }] },
    ]);
    expect(ids(findings, 'doctor-domain-cycle').map((f) => f.subject)).toEqual(['a_dom → c_dom → b_dom → a_dom']);
    expect(ids(diagnose(healthy).findings, 'doctor-domain-cycle')).toEqual([]);
  });

  it('warns for a domain more than half of the other domains (at least 2) read', () => {
    const { findings } = diagnose([
      { name: 'core', products: [{ id: 'customers' }] },
      { name: 'sales', products: [{ id: 'orders', reads: ['core.customers'] }] },
      { name: 'billing', products: [{ id: 'bills', reads: ['core.customers'] }] },
      { name: 'support', products: [{ id: 'tickets' }] },
    ]);
    expect(ids(findings, 'doctor-bottleneck-domain')).toMatchObject([
      {
        severity: 'warning',
        antiPattern: 'Single domain most others depend on',
        subject: 'core',
        message: expect.stringContaining('2 of the 3 other domains read products of core (billing and sales)'),
      },
    ]);
  });

  it('is silent for a domain read by half of the others, or by one', () => {
    const { findings } = diagnose([
      { name: 'core', products: [{ id: 'customers' }] },
      { name: 'sales', products: [{ id: 'orders', reads: ['core.customers'] }] },
      { name: 'billing', products: [{ id: 'bills', reads: ['core.customers'] }] },
      { name: 'support', products: [{ id: 'tickets' }] },
      { name: 'stock', products: [{ id: 'items' }] },
    ]);
    expect(ids(findings, 'doctor-bottleneck-domain')).toEqual([]);
    expect(ids(diagnose(healthy).findings, 'doctor-bottleneck-domain')).toEqual([]);
  });
});

describe('5. PII copied without classification', () => {
  const upstream = (classification: string): DomainDef => ({
    name: 'crm',
    products: [{ id: 'contacts', columns: [{ name: 'loyalty_id', classification }] }],
  });

  it('is an error when another domain copies a pii column without a classification', () => {
    const health = diagnose([
      upstream('pii'),
      { name: 'sales', products: [{ id: 'orders', reads: ['crm.contacts'], columns: [{ name: 'loyalty_id' }] }] },
    ]);
    expect(health.ok).toBe(false);
    expect(ids(health.findings, 'doctor-pii-copied-unclassified')).toMatchObject([
      {
        severity: 'error',
        antiPattern: 'PII copied without classification',
        subject: 'sales.orders',
        message: expect.stringContaining('"loyalty_id" is classified pii'),
        fix: expect.stringContaining('classification: pii'),
        file: 'domains/sales/products/orders/orders.odcs.yaml',
        line: 18,
      },
    ]);
  });

  it('counts any level the taxonomy masks (confidential: hash)', () => {
    const { findings } = diagnose([
      upstream('confidential'),
      { name: 'sales', products: [{ id: 'orders', reads: ['crm.contacts'], columns: [{ name: 'loyalty_id' }] }] },
    ]);
    expect(ids(findings, 'doctor-pii-copied-unclassified')).toHaveLength(1);
  });

  it('is silent when the copy is classified, the level is unmasked, or the reader is in the same domain', () => {
    const classified = diagnose([
      upstream('pii'),
      {
        name: 'sales',
        products: [{ id: 'orders', reads: ['crm.contacts'], columns: [{ name: 'loyalty_id', classification: 'pii' }] }],
      },
    ]);
    const unmasked = diagnose([
      upstream('internal'),
      { name: 'sales', products: [{ id: 'orders', reads: ['crm.contacts'], columns: [{ name: 'loyalty_id' }] }] },
    ]);
    const sameDomain = diagnose([
      {
        name: 'crm',
        products: [
          { id: 'contacts', columns: [{ name: 'loyalty_id', classification: 'pii' }] },
          { id: 'segments', reads: ['crm.contacts'], columns: [{ name: 'loyalty_id' }] },
        ],
      },
    ]);
    for (const health of [classified, unmasked, sameDomain])
      expect(ids(health.findings, 'doctor-pii-copied-unclassified')).toEqual([]);
  });
});

describe('6. compliance without isolation', () => {
  it('warns for a domain with a compliance regime of its own that is not on account', () => {
    const { findings } = diagnose([
      { name: 'sales', compliance: ['gdpr-eu'], products: [{ id: 'orders' }] },
      { name: 'billing', isolation: 'workspace', compliance: ['gdpr-eu', 'sox'], products: [{ id: 'bills' }] },
    ]);
    expect(ids(findings, 'doctor-compliance-without-isolation')).toMatchObject([
      {
        severity: 'warning',
        antiPattern: 'Compliance without isolation',
        subject: 'billing',
        message: expect.stringContaining('compliance is the override'),
        fix: expect.stringContaining('meshwork domain upgrade billing --to account'),
        file: 'domains/billing/domain.yaml',
      },
    ]);
  });

  it('is silent on account, for tags every domain shares, and in a mesh of one domain', () => {
    expect(ids(diagnose(healthy).findings, 'doctor-compliance-without-isolation')).toEqual([]);
    const shared = diagnose([
      { name: 'sales', compliance: ['gdpr-eu'], products: [{ id: 'orders' }] },
      { name: 'billing', compliance: ['gdpr-eu'], products: [{ id: 'bills' }] },
    ]);
    const alone = diagnose([{ name: 'sales', compliance: ['sox'], products: [{ id: 'orders' }] }]);
    for (const health of [shared, alone])
      expect(ids(health.findings, 'doctor-compliance-without-isolation')).toEqual([]);
  });
});

describe('7. isolation heavier than the team', () => {
  it('warns for an account domain with fewer than 3 engineers, saying who counts', () => {
    const { findings } = diagnose([
      { name: 'billing', isolation: 'account', engineers: 2, products: [{ id: 'bills' }] },
    ]);
    expect(ids(findings, 'doctor-small-team-on-account')).toMatchObject([
      {
        severity: 'warning',
        antiPattern: 'Isolation heavier than the team',
        subject: 'billing',
        message: expect.stringMatching(/2 engineers \(members with role engineer; owners and analysts not counted\)/),
        fix: expect.stringContaining('workspace-per-domain'),
        file: 'domains/billing/domain.yaml',
      },
    ]);
  });

  it('keeps the account when the domain has a compliance regime of its own', () => {
    const { findings } = diagnose([
      { name: 'sales', products: [{ id: 'orders' }] },
      { name: 'billing', isolation: 'account', engineers: 1, compliance: ['sox'], products: [{ id: 'bills' }] },
    ]);
    const [finding] = ids(findings, 'doctor-small-team-on-account');
    expect(finding?.fix).toContain('(sox) is the override');
    expect(finding?.fix).not.toContain('workspace-per-domain');
  });

  it('is silent with 3 engineers, and for other patterns', () => {
    expect(ids(diagnose(healthy).findings, 'doctor-small-team-on-account')).toEqual([]);
    const workspace = diagnose([{ name: 'sales', isolation: 'workspace', engineers: 1, products: [{ id: 'orders' }] }]);
    expect(ids(workspace.findings, 'doctor-small-team-on-account')).toEqual([]);
  });
});
