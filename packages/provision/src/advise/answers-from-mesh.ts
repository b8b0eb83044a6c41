import type { IsolationPattern, Mesh } from '@meshwork/core';
import type { AdvisorAnswers } from './answers-schema.js';

/** The organisation-level answers a caller may give on top of what a mesh tells. */
export type MeshAnswerOverrides = Partial<Omit<AdvisorAnswers, 'domains'>>;

/** Answers derived from a mesh, the domains' current patterns, and what had to be assumed. */
export interface MeshAnswers {
  readonly answers: AdvisorAnswers;
  readonly current: Record<string, IsolationPattern>;
  readonly assumed: readonly string[];
}

/**
 * Derives the advisor's answers from a loaded mesh's `domain.yaml` files:
 * - engineers: team members with role `engineer` or `owner`;
 * - compliance: the domain's `compliance` tags;
 * - needsComputeIsolation: the domain declares engine limits of its own (`engine:`);
 * - practitioners: the distinct team members of all domains, unless given.
 * Independent deploys, the dominant use case, tests and the industry cannot be read from files: they take
 * the values given, else a default that is reported in `assumed`.
 *
 * @example
 * answersFromMesh(mesh).answers.domains.map((d) => d.engineers) // [4, 3, 2]
 */
export function answersFromMesh(mesh: Mesh, overrides: MeshAnswerOverrides = {}): MeshAnswers {
  const assumed: string[] = [];
  const people = new Set(mesh.domains.flatMap((d) => d.loaded.spec.team.members.map((m) => m.email.toLowerCase())));
  const practitioners = overrides.practitioners ?? people.size;
  if (overrides.practitioners === undefined) {
    assumed.push(
      `practitioners = ${people.size}, the distinct members of the domain teams (anyone else who works on data is not counted)`,
    );
  }
  const assume = <T>(given: T | undefined, fallback: T, sentence: string): T => {
    if (given !== undefined) return given;
    assumed.push(sentence);
    return fallback;
  };
  const dominantUseCaseShare = assume(
    overrides.dominantUseCaseShare,
    0,
    'dominantUseCaseShare = 0: no single use case dominates the data work',
  );
  const teamsWriteTests = assume(
    overrides.teamsWriteTests,
    true,
    'teamsWriteTests = true: the products carry contracts whose checks `meshwork test` runs',
  );
  const regulatedIndustry = assume(
    overrides.regulatedIndustry,
    false,
    'regulatedIndustry = false: the organisation is not in a regulated industry',
  );
  assumed.push('independentDeploys = false for every domain: a mesh in one repository deploys together');
  const domains = [...mesh.domains]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => {
      const spec = d.loaded.spec;
      return {
        name: d.name,
        engineers: spec.team.members.filter((m) => m.role === 'engineer' || m.role === 'owner').length,
        compliance: [...(spec.compliance ?? [])],
        needsComputeIsolation: spec.engine !== undefined,
        independentDeploys: false,
      };
    });
  const current = Object.fromEntries(mesh.domains.map((d) => [d.name, d.loaded.spec.isolation]));
  return {
    answers: { practitioners, dominantUseCaseShare, teamsWriteTests, regulatedIndustry, domains },
    current,
    assumed,
  };
}
