/**
 * @meshwork/provision: self-serve provisioning. The isolation-pattern advisor applies the seed's decision
 * framework to a mesh or to answers; the Terraform generator writes, per cloud, one module per isolation
 * pattern and one module instance per domain. Pure: callers do the I/O.
 */

export type {
  Advice,
  AdviceReason,
  AdviceRuleId,
  AdviceWarning,
  DomainAdvice,
  UpgradeStep,
} from './advise/advice-types.js';
export { type AdviseOptions, advise, PRINCIPLES } from './advise/advise.js';
export { answersFromMesh, type MeshAnswerOverrides, type MeshAnswers } from './advise/answers-from-mesh.js';
export {
  type AdvisorAnswers,
  AdvisorAnswersSchema,
  type DomainAnswers,
  DomainAnswersSchema,
} from './advise/answers-schema.js';
export {
  DOMAIN_RULES,
  type DomainFinding,
  type DomainRule,
  distinctCompliance,
  MIN_ACCOUNT_ENGINEERS,
  type RuleEffect,
} from './advise/domain-rules.js';
export { DOMINANT_SHARE, MESH_RULES, type MeshRule, MIN_MESH_PRACTITIONERS } from './advise/mesh-rules.js';
export { fieldName, type ParsedAnswers, parseAnswers } from './advise/parse-answers.js';
export { lighterOf, PATTERN_ORDER, patternName, patternRank, strongerOf } from './advise/patterns.js';
export { upgradePath } from './advise/upgrade-path.js';
export type { CloudTarget, ModuleFiles, PlatformVariable } from './terraform/cloud-target.js';
export { CLOUD_TARGETS, type GeneratedFile, generateTerraform } from './terraform/generate-terraform.js';
export {
  block,
  call,
  expr,
  type HclBlock,
  HclCall,
  HclExpression,
  type HclValue,
  quote,
  renderAttributes,
  renderHcl,
} from './terraform/hcl.js';
export {
  CLOUDS,
  type Cloud,
  compare,
  type ProvisionDomain,
  type ProvisionInput,
  provisionInputFromMesh,
} from './terraform/provision-input.js';
