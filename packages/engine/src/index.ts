/**
 * @meshwork/engine: Meshwork's data plane. The engine contract and its DuckDB adapter, product builds in
 * the domain's isolation pattern, quality checks compiled into fused scans, and an Apache Iceberg v2 table
 * writer (not yet used by builds).
 */

export { AccountEngine, AccountEngineExited } from './account/account-engine.js';
export { AccountEngines, isShared } from './account/account-engines.js';
export { buildMesh, type MeshBuildOptions, type MeshBuildResult } from './build/build-mesh.js';
export { type BuildSelection, planBuild, upstreamOf } from './build/build-plan.js';
export {
  type BuildStatus,
  buildProduct,
  type ProductBuildContext,
  type ProductBuildResult,
} from './build/build-product.js';
export { type BuildManifest, manifestPath, readManifest } from './build/manifest.js';
export { analyzeSelect, positionAt, type RelationReference, type SelectAnalysis } from './build/sql-analysis.js';
export { qualified, quoteIdentifier, quoteLiteral } from './duckdb/duckdb-dialect.js';
export { DuckDBEngine, type DuckDBEngineOptions } from './duckdb/duckdb-engine.js';
export { isEngineFailure } from './duckdb/duckdb-errors.js';
export { type Engine, type EngineCapabilities, type EngineLimits, QueryTimeoutError, type Row } from './engine.js';
export {
  type GatewayColumn,
  type GatewayOptions,
  type GatewayResult,
  type GatewaySource,
  type GatewayView,
  runGatewayQuery,
} from './gateway/gateway-session.js';
export {
  type CheckedQuery,
  checkGatewaySql,
  MAX_SQL_LENGTH,
  MAX_SQL_NESTING,
  type RefusedQuery,
} from './gateway/gateway-sql.js';
export { GatewayWorkers, QueryMemoryError, type WorkerJob } from './gateway/gateway-workers.js';
export { type MaskingMethod, maskedColumn } from './gateway/masking.js';
export { DEFAULT_MAX_RESULT_BYTES } from './gateway/result-size.js';
export { MAX_VALUE_SIZE } from './gateway/value-sizes.js';
export {
  type CommitSnapshotOptions,
  type CommittedSnapshot,
  commitSnapshot,
} from './iceberg/commit-snapshot.js';
export {
  type ColumnMapping,
  type DuckDBColumn,
  type IcebergField,
  type IcebergSchema,
  icebergTypeOf,
} from './iceberg/iceberg-types.js';
export {
  currentSnapshot,
  dataFilesOf,
  type IcebergDataFile,
  type SnapshotInfo,
  snapshotHistory,
} from './iceberg/snapshots.js';
export { type CurrentMetadata, readTableMetadata } from './iceberg/table-files.js';
export type { IcebergSnapshot, SnapshotOperation, TableMetadata } from './iceberg/table-metadata.js';
export {
  commitProductSnapshot,
  hasWarehouseTable,
  type ProductSnapshotOptions,
  readWarehouseTable,
  type WarehouseTable,
  warehouseLocation,
  warehouseTableAt,
  warehouseTableDir,
} from './iceberg/warehouse.js';
export { DEFAULT_LIMITS, parseBytes, parseDuration, resolveLimits } from './limits.js';
export {
  type CompiledQuery,
  compileFusedScan,
  compileSeparate,
  compileSqlCheck,
  type FusedScan,
} from './quality/check-compiler.js';
export type { CheckNode } from './quality/check-node.js';
export { type CheckMethod, type CheckResult, isBlocking, slaStatusFromResults } from './quality/check-result.js';
export { type ContractChecks, checksFromContract } from './quality/checks-from-contract.js';
export { parseStatistics, proveFromStatistics, readStatistics } from './quality/column-statistics.js';
export { describeExpectation, type Expectation, expectationOf, satisfies } from './quality/expectation.js';
export { type RunChecksOptions, runChecks, type TableCheckRun } from './quality/run-checks.js';
export { openSandbox, type SandboxTable } from './quality/sandbox.js';
export {
  type ContractTestResult,
  type ObjectTestResult,
  ServerSelectionError,
  testContract,
} from './quality/test-contract.js';
export { type ProductTestResult, type TestMeshOptions, testMesh } from './quality/test-products.js';
export { domainKey } from './storage/domain-key.js';
export { type DomainStore, domainStore } from './storage/domain-store.js';
export { DecryptionError, decryptFile, encryptFile } from './storage/encrypted-file.js';
export {
  dataDirScratch,
  isAlive as isProcessAlive,
  memoryScratchBase,
  privateScratch,
  sweepScratch,
} from './storage/scratch.js';
export {
  type DomainUpgradePlan,
  moveDomainData,
  PATTERN_ORDER,
  planUpgrade,
  UpgradeRefused,
} from './upgrade/upgrade-domain.js';
