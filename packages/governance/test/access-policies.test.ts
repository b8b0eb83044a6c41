import { DEFAULT_TAXONOMY } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import { type AccessPrincipal, type AccessResource, defaultPoliciesCedar, validateMesh } from '../src/index.js';
import { type GoodMeshFiles, goodMesh, meshSource } from './governance-fixture.js';

const load = (overrides: Partial<GoodMeshFiles>) => validateMesh(meshSource(goodMesh(overrides)));
const withGuardrails = (domainPolicies: Record<string, string> = {}) =>
  load({ globalPolicies: { 'guardrails.cedar': defaultPoliciesCedar() }, domainPolicies });

const ana: AccessPrincipal = { email: 'ana@example.com', domain: 'sales', roles: ['member'], clearance: 'pii' };
const bob: AccessPrincipal = { email: 'bob@example.com', domain: 'finance', roles: ['member'], clearance: 'internal' };
const orders: AccessResource = {
  address: 'sales.orders',
  domain: 'sales',
  status: 'active',
  isolation: 'schema',
  classification: 'pii',
};

describe('Cedar policies', () => {
  it('the default guardrails validate against the schema', () => {
    expect(withGuardrails().diagnostics).toEqual([]);
    expect(withGuardrails().governance.access.policies.map((p) => p.id)).toContain('pii-stays-in-account-domains');
  });

  it('members read their own domain; others are denied by default, naming why', () => {
    const { access } = withGuardrails().governance;
    expect(access.authorize(ana, 'read', orders)).toMatchObject({
      decision: 'allow',
      reasons: [{ policy: 'members-use-their-domain', effect: 'permit', file: 'governance/policies/guardrails.cedar' }],
    });
    const denied = access.authorize(bob, 'read', orders, { purpose: 'month-end close' });
    expect(denied.decision).toBe('deny');
    expect(denied.reasons.map((r) => r.policy)).toEqual(['sensitive-data-needs-an-approved-request']);
    expect(denied.summary).toContain('forbidden by "sensitive-data-needs-an-approved-request"');
  });

  it('a grant allows use across domains, but never without a stated purpose', () => {
    const { access } = withGuardrails().governance;
    expect(access.authorize(bob, 'query', orders, { purpose: 'churn study', hasGrant: true }).decision).toBe('allow');
    const noPurpose = access.authorize(bob, 'query', orders, { hasGrant: true });
    expect(noPurpose).toMatchObject({ decision: 'deny', reasons: [{ policy: 'consumers-state-a-purpose' }] });
  });

  it('PII in an account-per-domain domain does not leave it without an approved request', () => {
    const { access } = withGuardrails().governance;
    const vault = { ...orders, isolation: 'account' as const };
    const reasons = access.authorize(bob, 'read', vault, { purpose: 'audit' }).reasons.map((r) => r.policy);
    expect(reasons).toContain('pii-stays-in-account-domains');
  });

  it('a domain permit opens its own products, within the guardrails', () => {
    const permit = `@id("sales-open-internal")
permit (principal, action == Meshwork::Action::"read", resource in Meshwork::Domain::"sales")
when { resource.classificationRank <= 1 };`;
    const { access } = withGuardrails({ 'open.cedar': permit }).governance;
    const internal = { ...orders, classification: 'internal' };
    expect(access.authorize(bob, 'read', internal, { purpose: 'forecast' })).toMatchObject({
      decision: 'allow',
      reasons: [{ policy: 'sales-open-internal', owner: 'sales' }],
    });
    expect(access.authorize(bob, 'read', internal).decision).toBe('deny'); // no purpose
    expect(access.authorize(bob, 'read', orders, { purpose: 'forecast' }).decision).toBe('deny'); // pii
  });

  it('a domain policy that permits access to another domain is rejected', () => {
    const foreign = `permit (principal, action == Meshwork::Action::"read", resource in Meshwork::Domain::"finance");`;
    const everything = `permit (principal, action == Meshwork::Action::"read", resource);`;
    const other = `permit (principal, action == Meshwork::Action::"read", resource == Meshwork::Product::"finance.ledger");`;
    const { diagnostics } = withGuardrails({ 'a.cedar': foreign, 'b.cedar': everything, 'c.cedar': other });
    expect(diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([
      [
        'policy-scope',
        'domains/sales/policies/a.cedar',
        'policy "domains/sales/policies/a.cedar:1" of domain sales permits access to products of domain finance, which only finance may write policies for',
      ],
      [
        'policy-scope',
        'domains/sales/policies/b.cedar',
        'policy "domains/sales/policies/b.cedar:1" of domain sales applies to every product of the mesh',
      ],
      ['policy-scope', 'domains/sales/policies/c.cedar', expect.stringContaining('products of domain finance')],
    ]);
  });

  it('a policy that fails schema validation is reported at its line with Cedar’s message and help', () => {
    const typo = `// comment\n\npermit (principal, action == Meshwork::Action::"read", resource in Meshwork::Domain::"sales")\nwhen { resource.clasification == "pii" };`;
    const [d] = withGuardrails({ 'typo.cedar': typo }).diagnostics;
    expect(d).toMatchObject({ code: 'cedar-schema', file: 'domains/sales/policies/typo.cedar', line: 4, column: 8 });
    expect(d?.message).toContain('attribute `clasification` on entity type `Meshwork::Product` not found');
    expect(d?.hint).toBe('did you mean `classification`?');
  });

  it('a policy that does not parse is reported at its line, and an unknown action fails validation', () => {
    const broken = `permit (principal, action, resource)\nwhen { principal.domain == };`;
    expect(withGuardrails({ 'x.cedar': broken }).diagnostics).toMatchObject([
      { code: 'cedar-syntax', line: 2, column: 28 },
    ]);
    const action = `permit (principal, action == Meshwork::Action::"delete", resource in Meshwork::Domain::"sales");`;
    expect(withGuardrails({ 'y.cedar': action }).diagnostics).toMatchObject([{ code: 'cedar-schema', line: 1 }]);
  });

  it('ranks clearance by the taxonomy: an unknown level is never treated as cleared', () => {
    const { access } = withGuardrails().governance;
    expect(DEFAULT_TAXONOMY.levels.map((l) => l.name)).toEqual(['public', 'internal', 'confidential', 'pii']);
    const decision = access.authorize({ ...ana, clearance: 'secret' }, 'read', orders);
    expect(decision.decision).toBe('allow'); // membership, not clearance, decides reading; masking uses clearance
    // An unknown clearance clears nothing: a policy that compares it sees a rank below every level.
    const rankCheck = `@id("cleared-only")
forbid (principal, action == Meshwork::Action::"read", resource in Meshwork::Domain::"sales")
unless { principal.clearance >= 0 };`;
    const strict = withGuardrails({ 'strict.cedar': rankCheck }).governance.access;
    expect(strict.authorize({ ...ana, clearance: 'secret' }, 'read', orders).decision).toBe('deny');
    expect(strict.authorize(ana, 'read', orders).decision).toBe('allow');
  });
});
