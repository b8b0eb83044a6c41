import type { ClassificationTaxonomy, Diagnostic, Mesh } from '@meshwork/core';
import { AccessPolicies } from './access/authorize.js';
import { loadPolicies } from './access/load-policies.js';
import { compileRules, type RuleSet } from './rules/compile-rules.js';
import { meshFacts } from './rules/mesh-rules.js';
import type { MeshFacts } from './rules/rule-subjects.js';

/** A mesh's governance, compiled once: the rules in force per domain, the access policies, the taxonomy. */
export interface Governance {
  readonly rules: RuleSet;
  readonly access: AccessPolicies;
  readonly taxonomy: ClassificationTaxonomy;
  /** The `mesh` variable of rules evaluated outside the mesh's files (at publish). */
  readonly facts: MeshFacts;
  /** Findings in the governance files themselves (rules that do not compile, policies that do not validate). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Compiles the rule packs and Cedar policies of a loaded mesh. */
export function compileGovernance(mesh: Mesh): Governance {
  const rules = compileRules(mesh.rulePacks);
  const policies = loadPolicies(mesh.policyFiles);
  return {
    rules,
    access: new AccessPolicies(policies.policies, mesh.taxonomy),
    taxonomy: mesh.taxonomy,
    facts: meshFacts(mesh),
    diagnostics: [...rules.diagnostics, ...policies.diagnostics],
  };
}
