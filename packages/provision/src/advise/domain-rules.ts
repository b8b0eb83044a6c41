import type { IsolationPattern } from '@meshwork/core';
import type { AdviceRuleId } from './advice-types.js';
import type { AdvisorAnswers, DomainAnswers } from './answers-schema.js';
import { patternName } from './patterns.js';

/**
 * How a domain rule acts on the pattern: `baseline` proposes the starting pattern, `cap` sets the strongest
 * pattern allowed, `floor` the lightest. The advisor applies baselines, then caps, then floors, so a floor
 * (compliance) overrides a cap (team size).
 */
export type RuleEffect = 'baseline' | 'cap' | 'floor';

/** What a rule found for one domain. */
export interface DomainFinding {
  readonly pattern: IsolationPattern;
  readonly detail: string;
  /** A caution for the domain team that comes with the finding. */
  readonly warning?: string;
}

/** One rule of the decision framework that speaks about a single domain. */
export interface DomainRule {
  readonly id: AdviceRuleId;
  readonly effect: RuleEffect;
  /** The seed's words. */
  readonly citation: string;
  /** The finding for `domain`, or undefined when the rule does not apply to it. */
  evaluate(domain: DomainAnswers, answers: AdvisorAnswers): DomainFinding | undefined;
}

/** The fewest engineers a domain needs to absorb account-level overhead. */
export const MIN_ACCOUNT_ENGINEERS = 3;

/**
 * The domain rules of the seed's decision framework, in the order the advisor applies them.
 *
 * @example
 * DOMAIN_RULES.map((r) => r.id) // ['org-size-band', 'team-size-first', 'compute-isolation', ...]
 */
export const DOMAIN_RULES: readonly DomainRule[] = [
  {
    id: 'org-size-band',
    effect: 'baseline',
    citation:
      'Organisation size: under 20 practitioners → schema-per-domain; 20–50 → workspace-per-domain; 50+ across 5+ domains → account-per-domain.',
    evaluate(_domain, answers) {
      const n = answers.practitioners;
      const domains = answers.domains.length;
      if (n < 20) return { pattern: 'schema', detail: `${n} practitioners is under 20: schema-per-domain.` };
      if (n > 50 && domains >= 5) {
        return { pattern: 'account', detail: `${n} practitioners across ${domains} domains: account-per-domain.` };
      }
      const why = n > 50 ? `${n} practitioners but only ${domains} domains (account needs 5+)` : `${n} practitioners`;
      return { pattern: 'workspace', detail: `${why}: workspace-per-domain.` };
    },
  },
  {
    id: 'team-size-first',
    effect: 'cap',
    citation: 'Team size first: a domain with fewer than 3 engineers cannot absorb account-level overhead.',
    evaluate(domain) {
      if (domain.engineers >= MIN_ACCOUNT_ENGINEERS) return undefined;
      return {
        pattern: 'workspace',
        detail: `${engineers(domain.engineers)}: fewer than ${MIN_ACCOUNT_ENGINEERS}, so account-per-domain is ruled out unless compliance demands it.`,
      };
    },
  },
  {
    id: 'compute-isolation',
    effect: 'floor',
    citation: 'Genuine compute isolation rules out schema-per-domain.',
    evaluate(domain) {
      if (!domain.needsComputeIsolation) return undefined;
      return {
        pattern: 'workspace',
        detail: 'It needs compute of its own: shared compute (schema-per-domain) is ruled out.',
      };
    },
  },
  {
    id: 'independent-deploys',
    effect: 'floor',
    citation: 'Independent deployment cycles rule out schema-per-domain.',
    evaluate(domain) {
      if (!domain.independentDeploys) return undefined;
      return {
        pattern: 'workspace',
        detail: 'It deploys on its own cycle: a shared schema-per-domain database is ruled out.',
      };
    },
  },
  {
    id: 'compliance-override',
    effect: 'floor',
    citation:
      'Compliance is the override: domains whose regulatory requirements differ from the others need strong isolation regardless of team size.',
    evaluate(domain, answers) {
      const own = distinctCompliance(domain, answers);
      if (own.length === 0) return undefined;
      const finding = {
        pattern: 'account' as const,
        detail: `Its compliance (${own.join(', ')}) is not shared by every other domain: ${patternName('account')}, regardless of team size.`,
      };
      if (domain.engineers >= MIN_ACCOUNT_ENGINEERS) return finding;
      return {
        ...finding,
        warning: `With ${engineers(domain.engineers)}, the team will struggle with the account's overhead: its own cloud account and guardrails, access reviews and audit evidence for ${own.join(', ')}, key management, and on-call for its own platform. Ask the platform team to run the account baseline (\`meshwork provision\`) and share on-call, or grow the team to ${MIN_ACCOUNT_ENGINEERS} engineers.`,
      };
    },
  },
];

/**
 * The compliance regimes of `domain` that at least one other domain does not carry: what makes its
 * regulatory requirements differ from the others. Empty for the only domain of a mesh.
 */
export function distinctCompliance(domain: DomainAnswers, answers: AdvisorAnswers): string[] {
  const others = answers.domains.filter((d) => d.name !== domain.name);
  if (others.length === 0) return [];
  return [...new Set(domain.compliance)].filter((tag) => others.some((o) => !o.compliance.includes(tag))).sort();
}

function engineers(n: number): string {
  return `${n} engineer${n === 1 ? '' : 's'}`;
}
