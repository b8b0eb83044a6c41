/**
 * @meshwork/catalog: the system of record of the mesh on Kysely, with PGlite embedded by default and
 * PostgreSQL in production; one set of migrations and SQL for both.
 */
export { contentHashOf } from './content-hash.js';
export { PGliteDialect } from './dialect/pglite/pglite-dialect.js';
export { type Catalog, type CatalogOptions, openCatalog } from './open-catalog.js';
export {
  ACCESS_REQUEST_STATUSES,
  type AccessDecisionKind,
  type AccessOutcome,
  type AccessRequest,
  type AccessRequestFilter,
  type AccessRequestStatus,
  type ActiveGrant,
  AUTO_DECIDER,
  activeGrantsOf,
  createAccessRequest,
  decideAccessRequest,
  type Grant,
  type GrantFilter,
  getAccessRequest,
  getGrant,
  listAccessRequests,
  listGrants,
  type NewAccessRequest,
  revokeGrant,
} from './repositories/access.js';
export {
  type AuditEntry,
  type AuditFilter,
  type AuditRecord,
  appendAudit,
  listAudit,
} from './repositories/audit.js';
export { type BuildRunRecord, buildRunHistory, recordBuildRun } from './repositories/build-runs.js';
export {
  type ChargebackUsage,
  chargebackUsage,
  type DomainUsage,
  type MonthPeriod,
  monthPeriod,
  NO_DOMAIN,
  type TopQuery,
} from './repositories/chargeback.js';
export {
  type CheckRunRecord,
  checkRunHistory,
  recordCheckRun,
  type SlaState,
  slaStatusOf,
} from './repositories/check-runs.js';
export {
  type DeclassificationApproval,
  type DeclassificationApprovalFilter,
  type DeclassificationApprovalState,
  type DeclassifiedColumn,
  type DeclassifyingPublish,
  findDeclassificationApproval,
  getDeclassificationApproval,
  listDeclassificationApprovals,
  type NewDeclassificationApproval,
  recordDeclassificationApproval,
  revokeDeclassificationApproval,
} from './repositories/declassifications.js';
export { domainIsolationOf, domainSpecOf, upsertDomain } from './repositories/domains.js';
export {
  appendEvent,
  createWebhook,
  type DeliveryRecord,
  type DeliveryState,
  deleteWebhook,
  type EventFilter,
  listDeliveries,
  listEvents,
  listWebhooks,
  type NewEvent,
  recordDelivery,
  type StoredEvent,
  type Webhook,
  type WebhookTarget,
  webhooksFor,
} from './repositories/events.js';
export {
  type ColumnLineage,
  type Facets,
  type IngestContext,
  type IngestOutcome,
  ingestLineageEvent,
  type LineageDataset,
  type LineageEvent,
  type LineageField,
  type LineageJob,
  type LineageWarning,
  MESHWORK_NAMESPACE_PREFIX,
  nextRunState,
  productsOfDatasets,
  RUN_STATES,
  type RunState,
} from './repositories/lineage.js';
export {
  DEFAULT_LINEAGE_DEPTH,
  type ImpactedConsumer,
  type LineageEdge,
  type LineageNode,
  lineageGraph,
  MAX_LINEAGE_DEPTH,
  MAX_LINEAGE_NODES,
  type ProductImpact,
  productImpact,
} from './repositories/lineage-graph.js';
export {
  columnLineageOf,
  type LineageCounts,
  lineageCounts,
  lineageEventOf,
} from './repositories/lineage-records.js';
export {
  listQueries,
  type QueryFilter,
  type QueryRecord,
  recordQuery,
  recordStorageSample,
  storageSamplesOf,
} from './repositories/metering.js';
export {
  getProduct,
  latestVersionContent,
  listProducts,
  listVersions,
  type ProductRow,
  type PublishOutcome,
  type PublishRequest,
  publishVersion,
  versionChanges,
} from './repositories/products.js';
export {
  authenticate,
  createToken,
  deleteUser,
  ensureUser,
  hashToken,
  listTokens,
  listUsers,
  ROLES,
  type Role,
  revokeTokens,
  type TokenRecord,
  type User,
} from './repositories/tokens.js';
export type { CatalogDatabase } from './schema.js';
export { type SearchHit, type SearchRequest, type SearchResult, searchProducts } from './search/search-products.js';
