/**
 * @meshwork/api: the one home of Meshwork's HTTP API contract. The server validates requests and generates
 * its OpenAPI document from these TypeBox schemas; the CLI calls it with {@link createApiClient}; the web UI
 * and MCP read the answers with their static types (type-only imports, so nothing of TypeBox is bundled).
 * Each schema and its type share a name: `Product` is both the schema and `Static<typeof Product>`.
 */
export * from './access.js';
export * from './advice.js';
export { ApiError, isApiError } from './api-error.js';
export * from './audit.js';
export * from './chargeback.js';
export * from './checks.js';
export { type ApiClient, type ApiClientOptions, createApiClient } from './client.js';
export * from './common.js';
export * from './content.js';
export * from './data.js';
export * from './declassifications.js';
export * from './delta-sharing.js';
export * from './errors.js';
export * from './governance.js';
export * from './graph.js';
export * from './iceberg.js';
export * from './lineage.js';
export * from './me.js';
export * from './products.js';
export * from './query.js';
export * from './score.js';
export * from './search.js';
export * from './tokens.js';
export * from './webhooks.js';
