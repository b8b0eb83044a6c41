/**
 * @meshwork/engine: Meshwork's data plane. The engine contract and its DuckDB adapter, product builds in
 * the domain's isolation pattern, and (next) quality checks compiled into fused scans.
 */

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
export { type Engine, type EngineCapabilities, type EngineLimits, QueryTimeoutError, type Row } from './engine.js';
export { DEFAULT_LIMITS, parseBytes, parseDuration, resolveLimits } from './limits.js';
export { type DomainStore, domainStore } from './storage/domain-store.js';
