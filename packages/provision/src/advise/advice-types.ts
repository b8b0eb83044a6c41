import type { IsolationPattern } from '@meshwork/core';

/** The id of an advisor rule; stable, used in output and docs. */
export type AdviceRuleId =
  | 'org-size-band'
  | 'team-size-first'
  | 'compute-isolation'
  | 'independent-deploys'
  | 'compliance-override'
  | 'lightest-first'
  | 'never-downgrade'
  | 'mesh-small-organisation'
  | 'mesh-dominant-use-case'
  | 'mesh-no-tests'
  | 'mesh-uniform-compliance';

/** Why a domain gets its pattern: one rule that applied, with the seed's words it applies. */
export interface AdviceReason {
  readonly rule: AdviceRuleId;
  /** The rule of the seed's decision framework, in its words. */
  readonly citation: string;
  /** What the rule says about this domain, with its numbers. */
  readonly detail: string;
}

/** A caution: what a team will struggle with, or why a data mesh may not be the answer. */
export interface AdviceWarning {
  readonly rule: AdviceRuleId;
  readonly citation: string;
  readonly message: string;
}

/** One move to a stronger pattern: now (to reach the recommendation) or later, when its trigger happens. */
export interface UpgradeStep {
  readonly from: IsolationPattern;
  readonly to: IsolationPattern;
  /** The command that moves the domain, data included. */
  readonly command: string;
  /** True when the step is needed to reach the recommendation; false for a later step and its trigger. */
  readonly now: boolean;
  /** When to take it. */
  readonly when: string;
}

/** The advice for one domain. */
export interface DomainAdvice {
  readonly domain: string;
  readonly engineers: number;
  readonly compliance: readonly string[];
  readonly recommended: IsolationPattern;
  /** The domain's pattern in `domain.yaml`, when the answers came from a mesh. */
  readonly current?: IsolationPattern;
  readonly reasons: readonly AdviceReason[];
  readonly upgradePath: readonly UpgradeStep[];
  readonly warnings: readonly AdviceWarning[];
}

/** The advisor's answer for a whole mesh. */
export interface Advice {
  /** Where the answers came from. */
  readonly source: 'answers' | 'mesh';
  readonly practitioners: number;
  readonly domains: readonly DomainAdvice[];
  /** The seed's "when mesh is not the answer" warnings that apply. */
  readonly warnings: readonly AdviceWarning[];
  /** Answers that were not given but assumed (from a mesh), each as a sentence. */
  readonly assumed: readonly string[];
}
