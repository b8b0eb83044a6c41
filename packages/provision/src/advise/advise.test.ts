import type { IsolationPattern } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import type { AdviceRuleId } from './advice-types.js';
import { advise } from './advise.js';
import type { AdvisorAnswers, DomainAnswers } from './answers-schema.js';

const domain = (name: string, fields: Partial<DomainAnswers> = {}): DomainAnswers => ({
  name,
  engineers: 4,
  compliance: [],
  needsComputeIsolation: false,
  independentDeploys: false,
  ...fields,
});

const org = (fields: Partial<AdvisorAnswers> & { domains: DomainAnswers[] }): AdvisorAnswers => ({
  practitioners: 40,
  dominantUseCaseShare: 0.3,
  teamsWriteTests: true,
  regulatedIndustry: false,
  ...fields,
});

const five = (first: DomainAnswers): DomainAnswers[] => [first, ...['b', 'c', 'd', 'e'].map((name) => domain(name))];

interface Case {
  readonly name: string;
  readonly answers: AdvisorAnswers;
  readonly current?: Record<string, IsolationPattern>;
  /** The recommendation for domain `a`. */
  readonly recommended: IsolationPattern;
  /** Rules that must be among `a`'s reasons. */
  readonly because: readonly AdviceRuleId[];
  /** Rules that must not be. */
  readonly not?: readonly AdviceRuleId[];
  /** Rules of `a`'s warnings, exactly. */
  readonly warns?: readonly AdviceRuleId[];
}

const cases: Case[] = [
  // One rule at a time.
  {
    name: 'org-size-band: under 20 practitioners → schema',
    answers: org({ practitioners: 19, domains: [domain('a'), domain('b')] }),
    recommended: 'schema',
    because: ['org-size-band', 'lightest-first'],
  },
  {
    name: 'org-size-band: 20 practitioners → workspace',
    answers: org({ practitioners: 20, domains: [domain('a'), domain('b')] }),
    recommended: 'workspace',
    because: ['org-size-band'],
  },
  {
    name: 'org-size-band: 50 practitioners is still the 20–50 band → workspace',
    answers: org({ practitioners: 50, domains: five(domain('a')) }),
    recommended: 'workspace',
    because: ['org-size-band'],
  },
  {
    name: 'org-size-band: 51+ practitioners across 5 domains → account',
    answers: org({ practitioners: 51, domains: five(domain('a')) }),
    recommended: 'account',
    because: ['org-size-band'],
  },
  {
    name: 'org-size-band: 80 practitioners but only 4 domains → workspace',
    answers: org({ practitioners: 80, domains: five(domain('a')).slice(0, 4) }),
    recommended: 'workspace',
    because: ['org-size-band'],
  },
  {
    name: 'team-size-first: 2 engineers in a large org → workspace, not account',
    answers: org({ practitioners: 80, domains: five(domain('a', { engineers: 2 })) }),
    recommended: 'workspace',
    because: ['org-size-band', 'team-size-first'],
  },
  {
    name: 'team-size-first: 3 engineers can absorb account overhead',
    answers: org({ practitioners: 80, domains: five(domain('a', { engineers: 3 })) }),
    recommended: 'account',
    because: ['org-size-band'],
    not: ['team-size-first'],
  },
  {
    name: 'compute-isolation: 10 practitioners → workspace, not schema',
    answers: org({ practitioners: 10, domains: [domain('a', { needsComputeIsolation: true }), domain('b')] }),
    recommended: 'workspace',
    because: ['org-size-band', 'compute-isolation'],
  },
  {
    name: 'independent-deploys: 10 practitioners → workspace, not schema',
    answers: org({ practitioners: 10, domains: [domain('a', { independentDeploys: true }), domain('b')] }),
    recommended: 'workspace',
    because: ['independent-deploys'],
  },
  {
    name: 'compliance-override: requirements that differ → account in a small org',
    answers: org({
      practitioners: 10,
      domains: [domain('a', { compliance: ['gdpr-eu', 'sox'] }), domain('b', { compliance: ['gdpr-eu'] })],
    }),
    recommended: 'account',
    because: ['org-size-band', 'compliance-override'],
    warns: [],
  },
  {
    name: 'compliance-override: the same compliance as every other domain is no override',
    answers: org({
      practitioners: 10,
      domains: [domain('a', { compliance: ['gdpr-eu'] }), domain('b', { compliance: ['gdpr-eu', 'sox'] })],
    }),
    recommended: 'schema',
    because: ['org-size-band'],
    not: ['compliance-override'],
  },
  {
    name: 'compliance-override: the only domain has no others to differ from',
    answers: org({ practitioners: 10, domains: [domain('a', { compliance: ['hipaa'] })] }),
    recommended: 'schema',
    because: ['org-size-band'],
    not: ['compliance-override'],
  },
  // Interactions.
  {
    name: 'compliance overrides team size: 2 engineers → account, with what the team will struggle with',
    answers: org({ practitioners: 10, domains: [domain('a', { engineers: 2, compliance: ['hipaa'] }), domain('b')] }),
    recommended: 'account',
    because: ['team-size-first', 'compliance-override'],
    warns: ['compliance-override'],
  },
  {
    name: 'compute isolation with 2 engineers in a large org → workspace (cap and floor meet)',
    answers: org({
      practitioners: 80,
      domains: five(domain('a', { engineers: 2, needsComputeIsolation: true })),
    }),
    recommended: 'workspace',
    because: ['team-size-first', 'compute-isolation'],
  },
  {
    name: 'compute isolation and independent deploys together still stop at workspace',
    answers: org({
      practitioners: 10,
      domains: [domain('a', { needsComputeIsolation: true, independentDeploys: true }), domain('b')],
    }),
    recommended: 'workspace',
    because: ['compute-isolation', 'independent-deploys', 'lightest-first'],
  },
  {
    name: 'never-downgrade: a domain on account stays there when the rules allow schema, with the explanation',
    answers: org({ practitioners: 10, domains: [domain('a'), domain('b')] }),
    current: { a: 'account', b: 'schema' },
    recommended: 'account',
    because: ['lightest-first', 'never-downgrade'],
  },
  {
    name: 'never-downgrade does not fire when the current pattern is what the rules ask',
    answers: org({ practitioners: 10, domains: [domain('a', { needsComputeIsolation: true }), domain('b')] }),
    current: { a: 'workspace', b: 'schema' },
    recommended: 'workspace',
    because: ['compute-isolation'],
    not: ['never-downgrade'],
  },
  {
    name: 'team size caps the band but the current account stays (never down)',
    answers: org({ practitioners: 80, domains: five(domain('a', { engineers: 1 })) }),
    current: { a: 'account' },
    recommended: 'account',
    because: ['team-size-first', 'never-downgrade'],
  },
];

describe('the advisor, rule by rule and rule against rule', () => {
  it.each(cases)('$name', ({ answers, current, recommended, because, not = [], warns }) => {
    const advice = advise(answers, current ? { current } : {});
    const a = advice.domains.find((d) => d.domain === 'a');
    expect(a?.recommended).toBe(recommended);
    const fired = a?.reasons.map((r) => r.rule) ?? [];
    for (const rule of because) expect(fired).toContain(rule);
    for (const rule of not) expect(fired).not.toContain(rule);
    if (warns) expect(a?.warnings.map((w) => w.rule)).toEqual(warns);
    for (const reason of a?.reasons ?? []) expect(reason.citation.length).toBeGreaterThan(20);
  });

  it('says what a 2-engineer team under a compliance override will struggle with', () => {
    const advice = advise(
      org({ practitioners: 10, domains: [domain('a', { engineers: 2, compliance: ['hipaa'] }), domain('b')] }),
    );
    const [warning] = advice.domains[0]?.warnings ?? [];
    expect(warning?.message).toMatch(/^With 2 engineers, the team will struggle with the account's overhead/);
    expect(warning?.message).toContain('audit evidence for hipaa');
    expect(warning?.citation).toContain('regardless of team size');
  });

  it('explains a refused downgrade instead of recommending it', () => {
    const advice = advise(org({ practitioners: 10, domains: [domain('a'), domain('b')] }), {
      current: { a: 'account' },
    });
    const reason = advice.domains[0]?.reasons.find((r) => r.rule === 'never-downgrade');
    expect(reason?.detail).toContain('would allow schema-per-domain, but the domain is on account-per-domain');
    expect(advice.domains[0]?.upgradePath).toEqual([]);
  });
});

describe('the upgrade path', () => {
  it('lists the step to take now with its command, then the later step with its trigger', () => {
    const advice = advise(org({ practitioners: 10, domains: [domain('a', { independentDeploys: true })] }), {
      current: { a: 'schema' },
    });
    expect(advice.domains[0]?.upgradePath).toEqual([
      expect.objectContaining({
        from: 'schema',
        to: 'workspace',
        now: true,
        command: 'meshwork domain upgrade a --to workspace',
      }),
      expect.objectContaining({ from: 'workspace', to: 'account', now: false, when: expect.stringMatching(/^when/) }),
    ]);
  });

  it('starts at the recommendation when there is no current pattern', () => {
    const advice = advise(org({ practitioners: 10, domains: [domain('a')] }));
    expect(advice.domains[0]?.upgradePath.map((s) => `${s.from}→${s.to}:${s.now}`)).toEqual([
      'schema→workspace:false',
      'workspace→account:false',
    ]);
  });
});

describe('when mesh is not the answer', () => {
  const healthy = org({ practitioners: 40, domains: [domain('a'), domain('b', { compliance: ['sox'] })] });
  const warnings = (answers: AdvisorAnswers) => advise(answers).warnings.map((w) => w.rule);

  it.each<[string, Partial<AdvisorAnswers>, AdviceRuleId[]]>([
    ['a healthy organisation gets no warning', {}, []],
    ['fewer than 30 practitioners', { practitioners: 29 }, ['mesh-small-organisation']],
    ['30 practitioners is enough', { practitioners: 30 }, []],
    ['one use case with 80 % of the work', { dominantUseCaseShare: 0.8 }, ['mesh-dominant-use-case']],
    ['one use case with 79 % is not dominant', { dominantUseCaseShare: 0.79 }, []],
    ['teams that do not write tests', { teamsWriteTests: false }, ['mesh-no-tests']],
    ['a regulated industry whose domains differ in compliance', { regulatedIndustry: true }, []],
    [
      'a regulated industry with uniform compliance',
      {
        regulatedIndustry: true,
        domains: [domain('a', { compliance: ['pci-dss'] }), domain('b', { compliance: ['pci-dss'] })],
      },
      ['mesh-uniform-compliance'],
    ],
    [
      'all four at once',
      {
        practitioners: 12,
        dominantUseCaseShare: 0.9,
        teamsWriteTests: false,
        regulatedIndustry: true,
        domains: [domain('a'), domain('b')],
      },
      ['mesh-small-organisation', 'mesh-dominant-use-case', 'mesh-no-tests', 'mesh-uniform-compliance'],
    ],
  ])('%s', (_name, fields, expected) => {
    expect(warnings({ ...healthy, ...fields })).toEqual(expected);
  });

  it('the warnings carry the numbers and cite the seed', () => {
    const advice = advise({ ...healthy, practitioners: 12, dominantUseCaseShare: 0.85 });
    expect(advice.warnings[0]?.message).toMatch(/^12 practitioners is fewer than 30/);
    expect(advice.warnings[1]?.message).toMatch(/^One use case takes 85 %/);
    expect(advice.warnings[1]?.citation).toContain('80 %');
  });
});
