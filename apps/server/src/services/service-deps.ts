import type { Catalog } from '@meshwork/catalog';
import type { AccessModel, Governance } from '@meshwork/governance';
import type { FastifyBaseLogger } from 'fastify';
import type { EventRaiser } from '../events/event-bus.js';

/**
 * What every service function is handed, the same objects for the HTTP routes, the MCP tools and Delta
 * Sharing: the catalog, the access model that makes every access decision, the mesh's governance (rule packs
 * on publish, scores; access requests need it), the event bus and the server's log.
 *
 * A service function is `(deps, user, input)`: it returns data or throws a named error of `@meshwork/core`
 * (`InputError`, `NotAllowedError`, `NotFoundError`, `ConflictError`, `ContentError`, `UnavailableError`).
 * Each adapter turns those into its own refusal: HTTP statuses in `errors.ts`, MCP tool errors in
 * `mcp/governed-tool.ts`, Delta Sharing error codes in `delta-sharing/`.
 */
export interface ServiceDeps {
  readonly catalog: Catalog;
  /** The mesh's access model, or the default guardrails for a server without a mesh. */
  readonly access: AccessModel;
  readonly governance?: Governance | undefined;
  readonly events?: EventRaiser | undefined;
  readonly log: FastifyBaseLogger;
}
