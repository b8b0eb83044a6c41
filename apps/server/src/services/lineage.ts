import {
  DEFAULT_LINEAGE_DEPTH,
  ingestLineageEvent,
  type LineageWarning,
  lineageGraph,
  productImpact,
  type User,
} from '@meshwork/catalog';
import { ContentError } from '@meshwork/core';
import { authorizeLineage, inAccessScope } from '../access/lineage-access.js';
import { principalOf } from '../access/principal.js';
import { parseLineageEvent } from '../lineage/parse-lineage-event.js';
import type { ServiceDeps } from './service-deps.js';

type LineageDeps = Pick<ServiceDeps, 'catalog' | 'access'>;

/** What storing an OpenLineage event answers: its id, the run's state, and the leniencies applied. */
export interface IngestedLineage {
  readonly eventId: string;
  readonly runState?: string;
  readonly warnings: LineageWarning[];
}

/**
 * Stores an OpenLineage 2-0-2 event (Marquez-compatible) in one transaction. Who may post at all (Cedar
 * `postLineage`) is decided before the body is read; who may assert its outputs (`writeLineage`), after.
 * ContentError naming the JSON pointer of each problem when the event cannot be understood.
 */
export async function ingestLineage(
  deps: LineageDeps,
  user: User,
  input: { readonly body: unknown; readonly requestId: string },
): Promise<IngestedLineage> {
  const { catalog, access } = deps;
  access.require(
    principalOf(user),
    'postLineage',
    'mesh',
    'posting lineage is for admins, the governance group, owners and members',
  );
  const parsed = parseLineageEvent(input.body);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    throw new ContentError(
      `the OpenLineage event cannot be understood: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ''}`,
      { problems: parsed.problems },
    );
  }
  const event = parsed.event;
  // A dataset event asserts its dataset, as a run's or job's asserts its outputs.
  const asserted = 'outputs' in event ? event.outputs : 'dataset' in event ? [event.dataset] : [];
  await authorizeLineage(catalog, access, user, asserted);
  const outcome = await ingestLineageEvent(catalog.db, parsed.event, {
    receivedBy: user.email,
    raw: input.body,
    warnings: parsed.warnings,
    requestId: input.requestId,
  });
  return {
    eventId: outcome.eventId,
    ...(outcome.runState ? { runState: outcome.runState } : {}),
    warnings: [...parsed.warnings],
  };
}

/** The lineage graph (Marquez-shaped) around a dataset or job node, `depth` hops each way. */
export async function lineageAround(
  deps: Pick<ServiceDeps, 'catalog'>,
  _user: User,
  input: { readonly nodeId: string; readonly depth?: number | undefined },
) {
  return lineageGraph(deps.catalog.db, input.nodeId, input.depth ?? DEFAULT_LINEAGE_DEPTH);
}

/**
 * Every product, column and consumer downstream of a product (or of one of its columns). Consumers are grant
 * holders, listed as the caller's grant listing would list them (the access model's scope).
 */
export async function downstreamImpact(
  deps: LineageDeps,
  user: User,
  input: { readonly address: string; readonly column?: string | undefined },
) {
  const { catalog, access } = deps;
  const principal = principalOf(user);
  access.require(
    principal,
    'postLineage',
    'mesh',
    'impact names the consumers of products: for admins, governance, owners and members',
  );
  const scope = access.accessScope(principal);
  const impact = await productImpact(catalog.db, input.address, {
    ...(input.column !== undefined ? { column: input.column } : {}),
  });
  return { ...impact, consumers: impact.consumers.filter((c) => inAccessScope(scope, c)) };
}
