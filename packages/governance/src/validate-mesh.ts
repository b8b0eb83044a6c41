import { loadMesh, type MeshSource, type MeshValidation } from '@meshwork/core';
import { compileGovernance, type Governance } from './governance.js';
import { evaluateMeshRules } from './rules/mesh-rules.js';

/**
 * Loads a mesh and applies its governance: everything `loadMesh` checks, then the rule packs and Cedar
 * policies. The one entry point for every command that validates (validate, build, test, up, publish).
 */
export function validateMesh(source: MeshSource): MeshValidation & { readonly governance: Governance } {
  const { mesh, diagnostics } = loadMesh(source);
  const governance = compileGovernance(mesh);
  return {
    mesh,
    governance,
    diagnostics: [...diagnostics, ...governance.diagnostics, ...evaluateMeshRules(mesh, governance.rules)],
  };
}
