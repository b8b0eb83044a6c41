import type { ClassificationTaxonomy, Diagnostic, Mesh } from '@meshwork/core';
import { AccessModel } from './access/access-model.js';
import { loadPolicies } from './access/load-policies.js';
import { compileRules, type RuleSet } from './rules/compile-rules.js';
import { DEFAULT_POLICY_FILE, defaultPoliciesCedar } from './rules/default-pack.js';
import { meshFacts } from './rules/mesh-rules.js';
import type { MeshFacts } from './rules/rule-subjects.js';

/** A mesh's governance, compiled once: the rules in force per domain, the access policies, the taxonomy. */
export interface Governance {
  readonly rules: RuleSet;
  /** The one access model: Cedar policies and clearance arithmetic. */
  readonly access: AccessModel;
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
    access: new AccessModel(policies.policies, mesh.taxonomy),
    taxonomy: mesh.taxonomy,
    facts: meshFacts(mesh),
    diagnostics: [...rules.diagnostics, ...policies.diagnostics],
  };
}

/**
 * The access model of a server started without a mesh's governance: the default guardrails
 * (`packs/guardrails.cedar`, what `meshwork init` writes) over the default taxonomy.
 */
export function defaultAccessModel(): AccessModel {
  const load = loadPolicies([
    {
      scope: { kind: 'global' },
      file: { path: `governance/policies/${DEFAULT_POLICY_FILE}`, text: defaultPoliciesCedar() },
    },
  ]);
  if (load.diagnostics.length > 0) throw new Error(`the default guardrails must load: ${load.diagnostics[0]?.message}`);
  return new AccessModel(load.policies);
}
