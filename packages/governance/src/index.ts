/**
 * @meshwork/governance: federated governance as code. Rule packs (CEL) checked at validate and at
 * publish, Cedar access policies behind one `authorize()`, DATSIS scores and mesh-health findings.
 */

export {
  AccessModel,
  type AccessScope,
  type Capabilities,
  type ClassifiedColumn,
  type ColumnMasking,
  type DeclassificationVerdict,
} from './access/access-model.js';
export type {
  AccessContext,
  AccessDecision,
  AccessPrincipal,
  AccessResource,
  DecisionReason,
} from './access/authorize.js';
export {
  ACCESS_ACTIONS,
  type AccessAction,
  CEDAR_SCHEMA,
  DOMAIN_ACTIONS,
  type DomainAction,
  MESH_ACTIONS,
  type MeshAction,
  PRODUCT_ACTIONS,
  type ProductAction,
} from './access/cedar-schema.js';
export { ClearanceScale } from './access/clearance.js';
export { type LoadedPolicy, loadPolicies, type PolicyLoad } from './access/load-policies.js';
export { compileGovernance, defaultAccessModel, type Governance } from './governance.js';
export { diagnoseMesh, HEALTH_CHECKS } from './health/diagnose-mesh.js';
export {
  ANTI_PATTERNS,
  type AntiPattern,
  countFindings,
  type DomainCoverage,
  type HealthCheck,
  type HealthFinding,
  type HealthGovernance,
  type HealthSeverity,
  type MeshHealth,
} from './health/health-findings.js';
export { compileCel, TARGET_VARIABLES } from './rules/cel.js';
export { type CompiledRule, compileRules, type RuleSet } from './rules/compile-rules.js';
export {
  DEFAULT_PACK_FILE,
  DEFAULT_POLICY_FILE,
  defaultPoliciesCedar,
  defaultRulePackYaml,
} from './rules/default-pack.js';
export { evaluateRules } from './rules/evaluate-rules.js';
export { evaluateMeshRules, meshFacts } from './rules/mesh-rules.js';
export {
  domainSubject,
  type MeshFacts,
  type ProductUnderRules,
  productSubjects,
  type RuleSubject,
} from './rules/rule-subjects.js';
export {
  DATSIS,
  type DatsisDimension,
  POINTS,
  type RuntimeEvidence,
  type ScoreInput,
  type ScorePoint,
} from './score/datsis-points.js';
export { scoreLoadedMesh } from './score/score-mesh.js';
export { type MeshScore, type ProductScore, scoreMesh, scoreProduct } from './score/score-product.js';
export { validateMesh } from './validate-mesh.js';
