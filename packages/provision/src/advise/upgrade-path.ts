import type { IsolationPattern } from '@meshwork/core';
import type { UpgradeStep } from './advice-types.js';
import { PATTERN_ORDER, patternRank } from './patterns.js';

/** When to take each step up, after the recommendation is reached. */
const TRIGGERS: Record<Exclude<IsolationPattern, 'schema'>, string> = {
  workspace:
    'when the domain needs compute of its own or deploys on its own cycle, or the organisation passes 20 practitioners',
  account:
    "when the domain's regulatory requirements come to differ from the other domains', or the organisation passes 50 practitioners across 5+ domains and the team has 3+ engineers",
};

/**
 * The moves of a domain from `from` up to account: the steps needed to reach `recommended` now, then the
 * later ones with their triggers. Never a step down: a domain on a stronger pattern than recommended stays.
 *
 * @example
 * upgradePath('sales', 'schema', 'workspace')
 * // [{ from: 'schema', to: 'workspace', now: true, command: 'meshwork domain upgrade sales --to workspace', ... },
 * //  { from: 'workspace', to: 'account', now: false, when: 'when the domain's regulatory ...', ... }]
 */
export function upgradePath(domain: string, from: IsolationPattern, recommended: IsolationPattern): UpgradeStep[] {
  const steps: UpgradeStep[] = [];
  for (let rank = patternRank(from) + 1; rank < PATTERN_ORDER.length; rank++) {
    const to = PATTERN_ORDER[rank] as Exclude<IsolationPattern, 'schema'>;
    const now = rank <= patternRank(recommended);
    steps.push({
      from: PATTERN_ORDER[rank - 1] as IsolationPattern,
      to,
      command: `meshwork domain upgrade ${domain} --to ${to}`,
      now,
      when: now ? 'now: the rules above call for it' : TRIGGERS[to],
    });
  }
  return steps;
}
