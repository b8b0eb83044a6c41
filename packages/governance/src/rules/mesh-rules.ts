import { basename } from 'node:path';
import type { Diagnostic, Mesh } from '@meshwork/core';
import type { RuleSet } from './compile-rules.js';
import { evaluateRules } from './evaluate-rules.js';
import { domainSubject, type MeshFacts, productSubjects } from './rule-subjects.js';

/** The `mesh` variable of a loaded mesh. */
export function meshFacts(mesh: Mesh): MeshFacts {
  return { name: mesh.config?.spec.name ?? basename(mesh.root), domains: mesh.domains.map((d) => d.name) };
}

/**
 * Evaluates compiled rules on every domain and product that loaded: global rules everywhere, each
 * domain's rules and tightenings on its own domain and products. Returns every violation.
 */
export function evaluateMeshRules(mesh: Mesh, rules: RuleSet): Diagnostic[] {
  const facts = meshFacts(mesh);
  const out: Diagnostic[] = [];
  for (const domain of mesh.domains)
    out.push(...evaluateRules(rules.forDomain(domain.name), [domainSubject(domain.loaded, facts)]));
  const specs = new Map(mesh.domains.map((d) => [d.name, d.loaded.spec]));
  for (const product of mesh.products) {
    const subjects = productSubjects(
      {
        address: product.address,
        loaded: product.loaded,
        contracts: product.contracts,
        files: product.files,
        domain: specs.get(product.domain),
      },
      facts,
    );
    out.push(...evaluateRules(rules.forDomain(product.domain), subjects));
  }
  return out;
}
