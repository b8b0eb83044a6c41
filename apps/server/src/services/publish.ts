import { contentHashOf, publishVersion, type User } from '@meshwork/catalog';
import {
  ContentError,
  type Diagnostic,
  hasErrors,
  InputError,
  isNamedError,
  validateContract,
  validateSpec,
} from '@meshwork/core';
import { principalOf } from '../access/principal.js';
import { declassificationsOf, publishTarget } from '../access/publish-access.js';
import type { EventRaiser } from '../events/event-bus.js';
import { publishFindings } from '../publish-findings.js';
import { declassificationGate } from './declassifications.js';
import type { ServiceDeps } from './service-deps.js';

/** A version to publish: the descriptor and contracts as file texts, the README and the other file names. */
export interface PublishInput {
  readonly address: string;
  readonly version: string;
  readonly descriptor: string;
  readonly contracts: readonly { readonly path: string; readonly text: string }[];
  readonly docs?: string | null | undefined;
  readonly files?: readonly string[] | undefined;
  /** Optimistic concurrency: the version the publisher expects to be the latest. */
  readonly expectedLatest?: string | null | undefined;
  /** The id of the call, in the audit log. */
  readonly requestId: string;
}

/** What a publish did, with the governance warnings stored with the version. */
export type PublishOutcome = Awaited<ReturnType<typeof publishVersion>> & { readonly warnings: Diagnostic[] };

/**
 * Publishes a version of a product (Cedar `publish`): the descriptor and contracts validated, the mesh's
 * rule packs re-evaluated (errors refuse with ContentError, warnings are stored), lowered classifications
 * gated (Cedar `declassify`: by default an owner of the domain with a matching governance approval, see
 * `declassificationGate`), then one transaction in the catalog, which also uses the approval. Raises
 * `product.published` and `contract.breaking_change` (also when a breaking publish is refused for want of a
 * new major version).
 */
export async function publishProduct(
  deps: Pick<ServiceDeps, 'catalog' | 'access' | 'governance' | 'events'>,
  user: User,
  input: PublishInput,
): Promise<PublishOutcome> {
  const { catalog, access, governance, events } = deps;
  const { address } = input;
  const [domain, id] = address.split('.') as [string, string];
  const principal = principalOf(user);
  const target = await publishTarget(catalog, access, address);
  access.require(
    principal,
    'publish',
    target,
    `${user.email} (${user.role}${user.domain ? ` of ${user.domain}` : ''}) may not publish ${address}; owners and members of ${domain} may`,
    {},
    { address },
  );
  const diagnostics: Diagnostic[] = [];
  const descriptor = validateSpec('product', { path: `${address}/product.yaml`, text: input.descriptor });
  diagnostics.push(...descriptor.diagnostics);
  const contracts = input.contracts.map((c) =>
    validateContract({ path: `${address}/${c.path}`, text: c.text }, { referenceSeverity: 'error' }),
  );
  for (const c of contracts) diagnostics.push(...c.diagnostics);
  if (hasErrors(diagnostics) || !descriptor.loaded) {
    throw new ContentError(`${address} ${input.version} does not validate; nothing was published`, { diagnostics });
  }
  const spec = descriptor.loaded.spec;
  if (spec.domain !== domain || spec.id !== id) {
    throw new InputError(`the descriptor is for ${spec.domain}.${spec.id}, not ${address}`, { field: 'descriptor' });
  }
  if (spec.version !== input.version) {
    throw new InputError(`version ${input.version} differs from the descriptor's version ${spec.version}`, {
      field: 'version',
    });
  }
  const valid = contracts.flatMap((c) => (c.contract ? [c.contract] : []));
  const findings = governance
    ? await publishFindings(catalog, governance, {
        address,
        domain,
        loaded: descriptor.loaded,
        contracts: valid,
        files: [...(input.files ?? []), ...(input.docs != null ? ['README.md'] : [])],
      })
    : [];
  if (hasErrors(findings)) {
    const n = findings.filter((d) => d.severity === 'error').length;
    throw new ContentError(
      `${address} ${input.version} breaks ${n} governance rule${n === 1 ? '' : 's'} of error severity; nothing was published`,
      { diagnostics: findings },
    );
  }
  const values = contracts.map((c) => c.contract?.yaml.value);
  const lowered = declassificationsOf(access, target.columns, values);
  const contentHash = contentHashOf(input.descriptor, [...input.contracts], input.docs ?? null);
  const declassification = await declassificationGate({ catalog, access }, user, {
    target,
    version: input.version,
    contentHash,
    lowered,
    requestId: input.requestId,
  });
  let outcome: Awaited<ReturnType<typeof publishVersion>>;
  try {
    outcome = await publishVersion(catalog.db, {
      address,
      domain,
      name: spec.name,
      description: spec.description.purpose,
      status: spec.status,
      version: input.version,
      contentHash,
      descriptor: descriptor.loaded.yaml.value,
      contracts: values,
      docs: input.docs ?? null,
      findings,
      publishedBy: user.email,
      requestId: input.requestId,
      ...(input.expectedLatest !== undefined ? { expectedLatest: input.expectedLatest } : {}),
      ...(lowered.length > 0 ? { auditDetails: { declassifications: lowered } } : {}),
      ...(declassification ? { declassification } : {}),
    });
  } catch (error) {
    // A breaking publish refused for want of a new major version is still news to consumers.
    if (isNamedError(error, 'ConflictError') && Array.isArray(error.details.breakingChanges)) {
      await events?.raise({
        name: 'contract.breaking_change',
        subject: address,
        domain,
        actor: user.email,
        data: { address, version: input.version, ...error.details, refused: true },
      });
    }
    throw error;
  }
  if (outcome.status === 'published') await raisePublished(events, outcome, domain, user.email);
  return { ...outcome, warnings: findings };
}

/** Raises `product.published` and, when the version breaks its contract, `contract.breaking_change`. */
async function raisePublished(
  events: EventRaiser | undefined,
  outcome: Awaited<ReturnType<typeof publishVersion>>,
  domain: string,
  publishedBy: string,
): Promise<void> {
  if (!events) return;
  const { address, version } = outcome;
  const breaking = outcome.changes.filter((c) => c.severity === 'breaking');
  await events.raise({
    name: 'product.published',
    subject: address,
    domain,
    actor: publishedBy,
    data: { address, version, publishedBy, changes: [...outcome.changes] },
  });
  if (breaking.length > 0) {
    await events.raise({
      name: 'contract.breaking_change',
      subject: address,
      domain,
      actor: publishedBy,
      data: {
        address,
        version,
        refused: false,
        breakingChanges: breaking,
        affectedConsumers: [...outcome.affectedConsumers],
      },
    });
  }
}
