import type { IsolationPattern } from '@meshwork/core';
import type { Advice, AdviceReason, AdviceWarning, DomainAdvice } from './advice-types.js';
import type { AdvisorAnswers, DomainAnswers } from './answers-schema.js';
import { DOMAIN_RULES, type DomainFinding, type DomainRule } from './domain-rules.js';
import { MESH_RULES } from './mesh-rules.js';
import { lighterOf, patternName, patternRank, strongerOf } from './patterns.js';
import { upgradePath } from './upgrade-path.js';

/** The principles that shape the outcome of the domain rules, with the seed's words. */
export const PRINCIPLES = {
  'lightest-first':
    'Start with the lightest pattern compliance allows and upgrade later: schema → workspace → account.',
  'never-downgrade': 'Upgrade schema → workspace → account, never down.',
} as const;

/** What the advisor knows beyond the answers. */
export interface AdviseOptions {
  /** Each domain's pattern today (from its `domain.yaml`): the advice never moves a domain down from it. */
  readonly current?: Readonly<Record<string, IsolationPattern>>;
  readonly source?: Advice['source'];
  /** Answers that were assumed rather than given, reported with the advice. */
  readonly assumed?: readonly string[];
}

/**
 * The seed's decision framework applied to validated answers: a recommended pattern per domain with the
 * reasons (each citing its rule), the upgrade path, and the "when mesh is not the answer" warnings. Pure.
 *
 * The organisation's size band proposes a pattern; team size caps it (no account under 3 engineers);
 * compute isolation and independent deploys rule out schema; compliance that differs from the other
 * domains' raises it to account regardless of the cap. The result is the lightest pattern these allow,
 * and never lighter than the domain's current pattern.
 *
 * @example
 * advise({ practitioners: 10, dominantUseCaseShare: 0.3, teamsWriteTests: true, regulatedIndustry: false,
 *   domains: [{ name: 'sales', engineers: 4, compliance: [], needsComputeIsolation: true, independentDeploys: false }] })
 *   .domains[0].recommended // 'workspace'
 */
export function advise(answers: AdvisorAnswers, options: AdviseOptions = {}): Advice {
  const domains = answers.domains.map((domain) => adviseDomain(domain, answers, options.current?.[domain.name]));
  const warnings: AdviceWarning[] = [];
  for (const rule of MESH_RULES) {
    const message = rule.evaluate(answers);
    if (message) warnings.push({ rule: rule.id, citation: rule.citation, message });
  }
  return {
    source: options.source ?? 'answers',
    practitioners: answers.practitioners,
    domains,
    warnings,
    assumed: [...(options.assumed ?? [])],
  };
}

function adviseDomain(
  domain: DomainAnswers,
  answers: AdvisorAnswers,
  current: IsolationPattern | undefined,
): DomainAdvice {
  const findings = DOMAIN_RULES.map((rule) => ({ rule, finding: rule.evaluate(domain, answers) })).filter(
    (x): x is { rule: DomainRule; finding: DomainFinding } => x.finding !== undefined,
  );
  const of = (effect: DomainRule['effect']) => findings.filter((f) => f.rule.effect === effect);
  let pattern: IsolationPattern = 'schema';
  for (const { finding } of of('baseline')) pattern = strongerOf(pattern, finding.pattern);
  for (const { finding } of of('cap')) pattern = lighterOf(pattern, finding.pattern);
  for (const { finding } of of('floor')) pattern = strongerOf(pattern, finding.pattern);

  const reasons: AdviceReason[] = findings.map(({ rule, finding }) => ({
    rule: rule.id,
    citation: rule.citation,
    detail: finding.detail,
  }));
  reasons.push({
    rule: 'lightest-first',
    citation: PRINCIPLES['lightest-first'],
    detail: `${patternName(pattern)} is the lightest pattern these rules allow; move up only when a rule calls for it.`,
  });
  let recommended = pattern;
  if (current && patternRank(current) > patternRank(pattern)) {
    recommended = current;
    reasons.push({
      rule: 'never-downgrade',
      citation: PRINCIPLES['never-downgrade'],
      detail: `The rules alone would allow ${patternName(pattern)}, but the domain is on ${patternName(current)}: stay there. Moving down gives back isolation a compliance rule or a consumer may rely on, and \`meshwork domain upgrade\` refuses it.`,
    });
  }
  const warnings: AdviceWarning[] = findings
    .filter(({ finding }) => finding.warning !== undefined)
    .map(({ rule, finding }) => ({ rule: rule.id, citation: rule.citation, message: finding.warning as string }));
  return {
    domain: domain.name,
    engineers: domain.engineers,
    compliance: [...domain.compliance],
    recommended,
    ...(current ? { current } : {}),
    reasons,
    upgradePath: upgradePath(domain.name, current ?? recommended, recommended),
    warnings,
  };
}
