import { DEFAULT_TAXONOMY } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import { type AccessPrincipal, type AccessResource, ClearanceScale, defaultAccessModel } from '../src/index.js';

const access = defaultAccessModel();
const user = (roles: string[], domain: string | undefined, clearance = 'internal'): AccessPrincipal => ({
  email: `${roles[0]}@example.com`,
  domain,
  roles,
  clearance,
});
const product = (classification: string, domain = 'sales'): AccessResource => ({
  address: `${domain}.orders`,
  domain,
  status: 'active',
  isolation: 'schema',
  classification,
});

describe('ClearanceScale', () => {
  const scale = new ClearanceScale(DEFAULT_TAXONOMY);

  it('ranks the levels in taxonomy order and fails closed on unknown names', () => {
    expect(['public', 'internal', 'confidential', 'pii'].map((l) => scale.rank(l))).toEqual([0, 1, 2, 3]);
    expect(scale.rank('secret')).toBe(4); // above every level: nobody is cleared for it
    expect(scale.clearanceRank('secret')).toBe(-1); // clears nothing
    expect(scale.clears('confidential', 'internal')).toBe(true);
    expect(scale.clears('internal', 'pii')).toBe(false);
    expect(scale.clears('pii', 'secret')).toBe(false);
    expect(scale.clears('secret', 'public')).toBe(false);
    expect(scale.clears('public', null)).toBe(true);
  });

  it('knows what lowers a classification and what is the most sensitive', () => {
    expect(scale.lowers('pii', 'internal')).toBe(true);
    expect(scale.lowers('pii', null)).toBe(true);
    expect(scale.lowers('internal', 'pii')).toBe(false);
    expect(scale.lowers(null, 'public')).toBe(false);
    expect(scale.mostSensitive(['internal', null, 'pii', 'public'])).toBe('pii');
    expect(scale.mostSensitive([])).toBe('public');
  });
});

describe('AccessModel', () => {
  it('masks a column above the clearance with its level’s method, unless a grant names it', () => {
    const analyst = user(['consumer'], 'finance', 'internal');
    const email = { name: 'email', classification: 'pii' };
    const amount = { name: 'amount', classification: 'confidential' };
    expect(access.maskFor(analyst, email, [])).toBe('redact');
    expect(access.maskFor(analyst, amount, [])).toBe('hash');
    expect(access.maskFor(analyst, email, ['email'])).toBe('none');
    expect(access.maskFor(analyst, { name: 'id', classification: null }, [])).toBe('none');
    expect(access.maskFor(user(['owner'], 'sales', 'pii'), email, [])).toBe('none');
    // Several grants of one product add up their columns; other products' grants do not count.
    const masks = access.columnMasks(
      analyst,
      'sales.orders',
      [email, amount],
      [
        { product: 'sales.orders', columns: ['email'] },
        { product: 'sales.orders', columns: ['amount'] },
        { product: 'hr.people', columns: ['salary'] },
      ],
    );
    expect([...masks]).toEqual([
      ['email', 'none'],
      ['amount', 'none'],
    ]);
  });

  it('approves at once only data that may leave its domain without approval, asking for no unmasked column', () => {
    const analyst = user(['consumer'], 'finance');
    expect(access.autoApproves(analyst, product('internal'), 0, 'monthly report')).toBe(true);
    expect(access.autoApproves(analyst, product('internal'), 1, 'monthly report')).toBe(false);
    expect(access.autoApproves(analyst, product('confidential'), 0, 'monthly report')).toBe(false);
  });

  it('lets owners decide their domain’s requests, the grantee revoke their own grant, admins reject', () => {
    const decide = (principal: AccessPrincipal, action: 'approve' | 'reject' | 'revoke', own = false) =>
      access.authorize(principal, action, product('pii'), { own }).decision;
    expect(decide(user(['owner'], 'sales', 'pii'), 'approve')).toBe('allow');
    expect(decide(user(['owner'], 'finance', 'pii'), 'approve')).toBe('deny');
    expect(decide(user(['member'], 'sales'), 'approve')).toBe('deny');
    expect(decide(user(['admin'], undefined, 'pii'), 'approve')).toBe('deny');
    expect(decide(user(['admin'], undefined, 'pii'), 'reject')).toBe('allow');
    expect(decide(user(['consumer'], 'finance'), 'revoke')).toBe('deny');
    expect(decide(user(['consumer'], 'finance'), 'revoke', true)).toBe('allow');
  });

  it('has governance approve a declassification and an owner of the domain publish it: two people agree', () => {
    const pii = product('pii');
    const approve = (principal: AccessPrincipal) =>
      access.authorize(principal, 'approveDeclassification', pii).decision;
    expect(approve(user(['governance'], undefined, 'pii'))).toBe('allow');
    expect(approve(user(['admin'], undefined, 'pii'))).toBe('allow');
    expect(approve(user(['owner'], 'sales', 'pii'))).toBe('deny');
    expect(approve(user(['member'], 'sales', 'pii'))).toBe('deny');

    const owner = user(['owner'], 'sales', 'pii');
    const refused = access.declassification(owner, pii, false);
    expect(refused).toMatchObject({ approvalRequired: true, approvalSuffices: true });
    expect(refused.decision.decision).toBe('deny');
    expect(refused.decision.reasons.map((r) => r.policy)).toEqual(['declassifying-needs-a-governance-approval']);
    const approved = access.declassification(owner, pii, true);
    expect(approved.decision.decision).toBe('allow');
    expect(approved.decision.reasons.map((r) => r.policy)).toEqual(['owners-publish-approved-declassifications']);

    // A member, an owner of another domain, governance and admins publish no declassification, approved or not.
    for (const principal of [
      user(['member'], 'sales', 'pii'),
      user(['owner'], 'finance', 'pii'),
      user(['governance'], undefined, 'pii'),
      user(['admin'], undefined, 'pii'),
    ]) {
      const verdict = access.declassification(principal, pii, true);
      expect(verdict, principal.email).toMatchObject({ approvalRequired: true, approvalSuffices: false });
      expect(verdict.decision.decision).toBe('deny');
    }
  });

  it('scopes access listings and answers what a UI may offer, from the same policies', () => {
    expect(access.accessScope(user(['governance'], undefined))).toEqual({ kind: 'all' });
    expect(access.accessScope(user(['owner'], 'sales'))).toEqual({
      kind: 'domain',
      domain: 'sales',
      email: 'owner@example.com',
    });
    expect(access.accessScope(user(['member'], 'sales'))).toEqual({ kind: 'own', email: 'member@example.com' });
    const can = (roles: string[], domain?: string) => access.capabilities(user(roles, domain));
    expect(can(['owner'], 'sales')).toMatchObject({ decideRequests: true, viewChargeback: true, viewAudit: false });
    expect(can(['governance'])).toMatchObject({ decideRequests: false, viewAudit: true, viewAllAccess: true });
    expect(can(['admin'])).toMatchObject({ decideRequests: true, viewAudit: true, manageWebhooks: true });
    expect(can(['consumer'], 'finance')).toMatchObject({
      decideRequests: false,
      viewFindings: false,
      viewDomainAccess: false,
    });
  });

  it('refuses with a NotAllowedError naming the deciding policies', () => {
    expect(() =>
      access.require(
        user(['member'], 'sales'),
        'viewAudit',
        'mesh',
        'the audit log is for admins and the governance group',
      ),
    ).toThrow(
      expect.objectContaining({ name: 'NotAllowedError', details: expect.objectContaining({ decision: 'deny' }) }),
    );
  });
});
