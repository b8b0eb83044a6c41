import type { AdviceRuleId } from './advice-types.js';
import type { AdvisorAnswers } from './answers-schema.js';

/** One of the seed's "when mesh is not the answer" warnings, about the organisation as a whole. */
export interface MeshRule {
  readonly id: AdviceRuleId;
  readonly citation: string;
  /** The warning for these answers, or undefined when it does not apply. */
  evaluate(answers: AdvisorAnswers): string | undefined;
}

/** The fewest practitioners for whom a mesh pays for its coordination. */
export const MIN_MESH_PRACTITIONERS = 30;
/** The share of the data work above which one use case dominates. */
export const DOMINANT_SHARE = 0.8;

/**
 * The seed's "when mesh is not the answer" warnings, in the order they are reported.
 *
 * @example
 * MESH_RULES.find((r) => r.id === 'mesh-no-tests')?.evaluate({ ...answers, teamsWriteTests: false })
 * // 'The teams do not write tests: ...'
 */
export const MESH_RULES: readonly MeshRule[] = [
  {
    id: 'mesh-small-organisation',
    citation: 'When mesh is not the answer: fewer than 30 practitioners.',
    evaluate({ practitioners }) {
      if (practitioners >= MIN_MESH_PRACTITIONERS) return undefined;
      return `${practitioners} practitioners is fewer than ${MIN_MESH_PRACTITIONERS}: the coordination a mesh saves is smaller than what it costs. A central team on one platform may serve better; if you go on, keep domains light (schema-per-domain) and upgrade only when a rule demands it.`;
    },
  },
  {
    id: 'mesh-dominant-use-case',
    citation: 'When mesh is not the answer: one use case accounts for 80 % or more of the work.',
    evaluate({ dominantUseCaseShare }) {
      if (dominantUseCaseShare < DOMINANT_SHARE) return undefined;
      return `One use case takes ${Math.round(dominantUseCaseShare * 100)} % of the data work: a team built around that use case is simpler than a mesh of domains.`;
    },
  },
  {
    id: 'mesh-no-tests',
    citation: 'When mesh is not the answer: teams that do not write tests.',
    evaluate({ teamsWriteTests }) {
      if (teamsWriteTests) return undefined;
      return 'The teams do not write tests: a data product keeps its contract only through tested pipelines. Start with tests (`meshwork test`) before handing ownership to domains.';
    },
  },
  {
    id: 'mesh-uniform-compliance',
    citation: 'When mesh is not the answer: a regulated industry where compliance is uniform across domains.',
    evaluate({ regulatedIndustry, domains }) {
      if (!regulatedIndustry) return undefined;
      const first = [...(domains[0]?.compliance ?? [])].sort().join(', ');
      if (!domains.every((d) => [...d.compliance].sort().join(', ') === first)) return undefined;
      return `A regulated industry where every domain has the same compliance (${first === '' ? 'none declared' : first}): one central team governs one regime well, and per-domain isolation buys little.`;
    },
  },
];
