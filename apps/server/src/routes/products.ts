import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type Catalog,
  contentHashOf,
  getProduct,
  listProducts,
  listVersions,
  publishVersion,
  versionChanges,
} from '@meshwork/catalog';
import {
  ContentError,
  type Diagnostic,
  hasErrors,
  InputError,
  isNamedError,
  NotFoundError,
  validateContract,
  validateSpec,
} from '@meshwork/core';
import type { AccessModel, Governance } from '@meshwork/governance';
import { principalOf } from '../access/principal.js';
import { declassificationsOf, publishTarget } from '../access/publish-access.js';
import type { EventRaiser } from '../events/event-bus.js';
import { publishFindings } from '../publish-findings.js';
import { declassificationGate } from '../services/declassifications.js';
import {
  AddressParams,
  ErrorResponse,
  ListQuery,
  ProductPage,
  Product as ProductSchema,
  PublishBody,
  PublishResult,
  VersionChanges,
  VersionList,
  VersionParams,
} from './product-schemas.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } as const;

/** Product routes: list, read, versions, publish. */
export function productRoutes(
  catalog: Catalog,
  access: AccessModel,
  governance?: Governance,
  events?: EventRaiser,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/products',
      { schema: { tags: ['products'], querystring: ListQuery, response: { 200: ProductPage, ...errors } } },
      async (request) => {
        const { cursor, limit, domain } = request.query;
        const page = await listProducts(catalog.db, {
          limit: limit ?? 50,
          ...(cursor ? { after: cursor } : {}),
          ...(domain ? { domain } : {}),
        });
        return { items: page.items.map(toJson), next: page.next };
      },
    );

    app.get(
      '/products/:address',
      { schema: { tags: ['products'], params: AddressParams, response: { 200: ProductSchema, ...errors } } },
      async (request) => toJson(await getProduct(catalog.db, request.params.address)),
    );

    app.get(
      '/products/:address/versions',
      { schema: { tags: ['products'], params: AddressParams, response: { 200: VersionList, ...errors } } },
      async (request) => {
        await getProduct(catalog.db, request.params.address);
        return (await listVersions(catalog.db, request.params.address)).map((v) => ({
          ...v,
          publishedAt: v.publishedAt.toISOString(),
          findings: v.findings as Diagnostic[],
        }));
      },
    );

    app.get(
      '/products/:address/versions/:version/changes',
      {
        schema: {
          tags: ['products'],
          summary: "A version's changelog: its classified contract changes against the previous version",
          params: VersionParams,
          response: { 200: VersionChanges, ...errors },
        },
      },
      async (request) => {
        const { address, version } = request.params;
        await getProduct(catalog.db, address);
        const found = await versionChanges(catalog.db, address, version);
        if (!found) throw new NotFoundError(`${address} has no version ${version}`, { address, version });
        return { address, ...found };
      },
    );

    app.post(
      '/products/:address/versions',
      {
        schema: {
          tags: ['products'],
          params: AddressParams,
          body: PublishBody,
          response: { 200: PublishResult, 201: PublishResult, ...errors, 409: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request, reply) => {
        const { address } = request.params;
        const [domain, id] = address.split('.') as [string, string];
        const principal = principalOf(request.user);
        const target = await publishTarget(catalog, access, address);
        access.require(
          principal,
          'publish',
          target,
          `${request.user.email} (${request.user.role}${request.user.domain ? ` of ${request.user.domain}` : ''}) may not publish ${address}; owners and members of ${domain} may`,
          {},
          { address },
        );
        const body = request.body;
        const diagnostics: Diagnostic[] = [];
        const descriptor = validateSpec('product', { path: `${address}/product.yaml`, text: body.descriptor });
        diagnostics.push(...descriptor.diagnostics);
        const contracts = body.contracts.map((c) =>
          validateContract({ path: `${address}/${c.path}`, text: c.text }, { referenceSeverity: 'error' }),
        );
        for (const c of contracts) diagnostics.push(...c.diagnostics);
        if (hasErrors(diagnostics) || !descriptor.loaded) {
          throw new ContentError(`${address} ${body.version} does not validate; nothing was published`, {
            diagnostics,
          });
        }
        const spec = descriptor.loaded.spec;
        if (spec.domain !== domain || spec.id !== id) {
          throw new InputError(`the descriptor is for ${spec.domain}.${spec.id}, not ${address}`, {
            field: 'descriptor',
          });
        }
        if (spec.version !== body.version) {
          throw new InputError(`version ${body.version} differs from the descriptor's version ${spec.version}`, {
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
              files: [...(body.files ?? []), ...(body.docs != null ? ['README.md'] : [])],
            })
          : [];
        if (hasErrors(findings)) {
          const n = findings.filter((d) => d.severity === 'error').length;
          throw new ContentError(
            `${address} ${body.version} breaks ${n} governance rule${n === 1 ? '' : 's'} of error severity; nothing was published`,
            { diagnostics: findings },
          );
        }
        const values = contracts.map((c) => c.contract?.yaml.value);
        const lowered = declassificationsOf(access, target.columns, values);
        const contentHash = contentHashOf(body.descriptor, body.contracts, body.docs ?? null);
        const declassification = await declassificationGate({ catalog, access }, request.user, {
          target,
          version: body.version,
          contentHash,
          lowered,
          requestId: request.id,
        });
        let outcome: Awaited<ReturnType<typeof publishVersion>>;
        try {
          outcome = await publishVersion(catalog.db, {
            address,
            domain,
            name: spec.name,
            description: spec.description.purpose,
            status: spec.status,
            version: body.version,
            contentHash,
            descriptor: descriptor.loaded.yaml.value,
            contracts: values,
            docs: body.docs ?? null,
            findings,
            publishedBy: request.user.email,
            requestId: request.id,
            ...(body.expectedLatest !== undefined ? { expectedLatest: body.expectedLatest } : {}),
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
              actor: request.user.email,
              data: { address, version: body.version, ...error.details, refused: true },
            });
          }
          throw error;
        }
        if (outcome.status === 'published') await raisePublished(events, outcome, domain, request.user.email);
        return reply.status(outcome.status === 'published' ? 201 : 200).send({
          ...outcome,
          changes: [...outcome.changes],
          affectedConsumers: [...outcome.affectedConsumers],
          warnings: findings,
        });
      },
    );
  };
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

function toJson(p: Awaited<ReturnType<typeof getProduct>>) {
  return { ...p, updatedAt: p.updatedAt.toISOString() };
}
