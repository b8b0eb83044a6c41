/**
 * @meshwork/core: the model of a data mesh (domains, data products, ODCS contracts, product
 * descriptors), loaded with source positions and validated with located diagnostics. Pure: no I/O.
 */

export type {
  OdcsContract,
  OdcsObject,
  OdcsProperty,
  OdcsQuality,
  OdcsRelationship,
  OdcsSlaProperty,
} from './contract/contract-types.js';
export { type OdcsSchemaVersion, odcsSchemaVersionFor } from './contract/odcs-schemas.js';
export { SLA_UNITS, slaDurationMs } from './contract/sla-duration.js';
export {
  type ContractValidation,
  type ContractValidationOptions,
  type LoadedContract,
  validateContract,
  validateContractYaml,
} from './contract/validate-contract.js';
export {
  countDiagnostics,
  type Diagnostic,
  type DiagnosticCounts,
  diagnostic,
  formatDiagnostic,
  hasErrors,
  type Position,
  type Severity,
  sortDiagnostics,
} from './diagnostics/diagnostic.js';
export { didYouMean, didYouMeanHint } from './diagnostics/did-you-mean.js';
export { CHANGE_RULES, type ChangeSeverity, type ContractChange } from './diff/contract-change.js';
export { diffContracts } from './diff/contract-diff.js';
export {
  AuthenticationError,
  ConflictError,
  ContentError,
  InputError,
  InvalidQueryError,
  isNamedError,
  MeshworkError,
  NotAllowedError,
  NotFoundError,
  QueryTimeLimitError,
  UnavailableError,
} from './errors.js';
export { type ProductAddress, parseAddress, productAddress } from './mesh/address.js';
export { DEFAULT_TAXONOMY, DEFAULT_TAXONOMY_YAML } from './mesh/default-taxonomy.js';
export { editDomainFile } from './mesh/edit-domain-file.js';
export { loadMesh, type MeshValidation } from './mesh/load-mesh.js';
export {
  type ClassificationLevel,
  type ClassificationTaxonomy,
  ClassificationTaxonomySchema,
  type Contact,
  type DomainSpec,
  DomainSpecSchema,
  type EngineLimits,
  type InputPort,
  type IsolationPattern,
  type MeshConfig,
  MeshConfigSchema,
  type OutputPort,
  type Prices,
  PricesSchema,
  type ProductSpec,
  ProductSpecSchema,
  RULE_TARGETS,
  type Rule,
  type RulePack,
  RulePackSchema,
  type RuleSeverity,
  type RuleTarget,
  type RuleTightening,
  type Source,
  type TeamMember,
} from './mesh/mesh-schemas.js';
export { meshSourceFromFiles } from './mesh/mesh-source-from-files.js';
export { meshSourceOf } from './mesh/mesh-source-of.js';
export { type MeshSummary, summarizeMesh } from './mesh/mesh-summary.js';
export {
  type Domain,
  type DomainSource,
  type GovernanceScope,
  isReadFailure,
  type Mesh,
  type MeshSource,
  type PolicyFile,
  type Product,
  type ProductSource,
  type RulePackFile,
  type SourceInput,
} from './mesh/mesh-types.js';
export { type LoadedSpec, type SpecKind, validateSpec } from './mesh/validate-spec.js';
export { decodeSourceFile, fileTooLarge, formatBytes, MAX_SOURCE_BYTES, type SourceFile } from './yaml/source-file.js';
export { type JsonPath, type ParsedYaml, parseYaml, type YamlFile } from './yaml/yaml-file.js';
