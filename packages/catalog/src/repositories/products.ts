import { ConflictError, type ContractChange, diffContracts, NotFoundError, type OdcsContract } from '@meshwork/core';
import type { Kysely } from 'kysely';
import semver from 'semver';
import type { CatalogDatabase, ProductRecord } from '../schema.js';
import { searchDocument, toVector } from '../search/search-document.js';
import { appendAudit } from './audit.js';
import { type DeclassifiedColumn, useDeclassificationApproval } from './declassifications.js';

/** What a publish carries: the product's identity, the new version and its content. */
export interface PublishRequest {
  readonly address: string;
  readonly domain: string;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  readonly version: string;
  /** Hash of descriptor, contracts and docs: the same version with the same hash is a no-op. */
  readonly contentHash: string;
  readonly descriptor: unknown;
  readonly contracts: unknown;
  readonly docs: string | null;
  /** Governance warnings the version is published with (errors refuse the publish before it gets here). */
  readonly findings?: readonly unknown[];
  readonly publishedBy: string;
  /**
   * The latest version the publisher saw (null: none). A concurrent publish in between makes this a
   * conflict instead of a lost update. Undefined skips the check.
   */
  readonly expectedLatest?: string | null;
  readonly requestId?: string;
  /** More facts for the publish's audit entry (e.g. the classifications it lowered), written in its transaction. */
  readonly auditDetails?: Record<string, unknown>;
  /**
   * The governance approval this version's declassification rests on and the columns it lowers: the
   * approval is marked used by this version in the publish's transaction; revoked or used meanwhile, or
   * not covering exactly these columns, it is a ConflictError and nothing is published.
   */
  readonly declassification?: { readonly approval: string; readonly columns: readonly DeclassifiedColumn[] };
}

/** How a publish ended. */
export interface PublishOutcome {
  readonly status: 'published' | 'unchanged';
  readonly address: string;
  readonly version: string;
  /** The classified changes against the previous version. */
  readonly changes: readonly ContractChange[];
  /** Consumers a breaking change (published with a major version) affects: they are told. */
  readonly affectedConsumers: readonly string[];
}

/**
 * Publishes an immutable product version in one transaction: the same version with the same content is a
 * no-op; with other content, an older version, or a stale `expectedLatest` it is a ConflictError and
 * nothing is written. The product row is locked for the duration, so concurrent publishes serialise and
 * exactly one wins each version. Every outcome is audited.
 */
export async function publishVersion(db: Kysely<CatalogDatabase>, request: PublishRequest): Promise<PublishOutcome> {
  const audit = (outcome: 'ok' | 'refused', details: Record<string, unknown>) => ({
    actor: request.publishedBy,
    action: 'product.publish',
    target: `${request.address}@${request.version}`,
    outcome,
    requestId: request.requestId,
    details,
  });
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('product_versions')
        .select('content_hash')
        .where('address', '=', request.address)
        .where('version', '=', request.version)
        .executeTakeFirst();
      if (existing) {
        if (existing.content_hash === request.contentHash) {
          return {
            status: 'unchanged',
            address: request.address,
            version: request.version,
            changes: [],
            affectedConsumers: [],
          } as const;
        }
        throw new ConflictError(
          `${request.address} ${request.version} is already published with different content; versions are immutable, publish a new version`,
          { address: request.address, version: request.version },
        );
      }
      await trx
        .insertInto('products')
        .values({
          address: request.address,
          domain: request.domain,
          name: request.name,
          description: request.description,
          status: request.status,
        })
        .onConflict((c) => c.column('address').doNothing())
        .execute();
      const product = await trx
        .selectFrom('products')
        .select(['latest_version', 'row_version'])
        .where('address', '=', request.address)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const latest = product.latest_version;
      if (request.expectedLatest !== undefined && request.expectedLatest !== latest) {
        throw new ConflictError(
          `expected ${request.address} at ${request.expectedLatest ?? 'no version'} but it is at ${latest ?? 'no version'}: another publish came first; fetch the product and retry`,
          { expected: request.expectedLatest, latest },
        );
      }
      if (latest && !semver.gt(request.version, latest)) {
        throw new ConflictError(
          `version ${request.version} of ${request.address} is not greater than the latest, ${latest}`,
          { latest },
        );
      }
      const changes = latest ? await changesSince(trx, request.address, latest, request.contracts) : [];
      const breaking = changes.filter((c) => c.severity === 'breaking');
      const consumers = breaking.length > 0 ? await consumersOf(trx, request.address) : [];
      if (breaking.length > 0 && latest && !isMajorBump(latest, request.version)) {
        throw new ConflictError(
          `${request.address} ${request.version} makes ${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} to ${latest} without a new major version${consumers.length > 0 ? `; it would break ${consumers.join(', ')}` : ''}`,
          { breakingChanges: breaking, consumers, latest, requiredVersion: `${semver.major(latest) + 1}.0.0` },
        );
      }
      if (request.declassification) {
        await useDeclassificationApproval(
          trx,
          request.declassification.approval,
          {
            product: request.address,
            version: request.version,
            contentHash: request.contentHash,
            columns: request.declassification.columns,
          },
          request.publishedBy,
        );
      }
      const doc = searchDocument(request.address, request.descriptor, request.contracts, request.docs);
      await trx
        .insertInto('product_versions')
        .values({
          address: request.address,
          version: request.version,
          content_hash: request.contentHash,
          descriptor: JSON.stringify(request.descriptor),
          contracts: JSON.stringify(request.contracts),
          docs: request.docs,
          findings: JSON.stringify(request.findings ?? []),
          published_by: request.publishedBy,
        })
        .execute();
      await trx
        .updateTable('products')
        .set({
          document: toVector(doc),
          tags: JSON.stringify(doc.tags),
          classifications: JSON.stringify(doc.classifications),
          owner: doc.owner,
          latest_version: request.version,
          name: request.name,
          description: request.description,
          status: request.status,
          row_version: product.row_version + 1,
          updated_at: new Date(),
        })
        .where('address', '=', request.address)
        .execute();
      await appendAudit(
        trx,
        audit('ok', {
          contentHash: request.contentHash,
          breakingChanges: breaking.length,
          affectedConsumers: consumers,
          ...request.auditDetails,
          ...(request.declassification ? { declassificationApproval: request.declassification.approval } : {}),
        }),
      );
      return {
        status: 'published',
        address: request.address,
        version: request.version,
        changes,
        affectedConsumers: consumers,
      } as const;
    });
  } catch (error) {
    const unique = (error as { code?: string }).code === '23505';
    const conflict = unique
      ? new ConflictError(
          `${request.address} ${request.version} was published concurrently; fetch the product and retry`,
        )
      : error;
    if (conflict instanceof Error && conflict.name === 'ConflictError') {
      await appendAudit(db, audit('refused', { reason: conflict.message }));
    }
    throw conflict;
  }
}

/** Breaking changes are allowed with a new major version (for 0.x, a new minor one, as semver allows). */
function isMajorBump(latest: string, next: string): boolean {
  const [a, b] = [semver.parse(latest), semver.parse(next)];
  if (!a || !b) return false;
  return b.major > a.major || (a.major === 0 && b.major === 0 && b.minor > a.minor);
}

/** The contract changes between the stored latest version and the contracts being published, by contract id. */
async function changesSince(
  db: Kysely<CatalogDatabase>,
  address: string,
  latest: string,
  contracts: unknown,
): Promise<ContractChange[]> {
  const row = await db
    .selectFrom('product_versions')
    .select('contracts')
    .where('address', '=', address)
    .where('version', '=', latest)
    .executeTakeFirst();
  return diffContractLists(row?.contracts, contracts);
}

/** The classified changes from one version's contracts to another's, matched by contract id. */
function diffContractLists(beforeContracts: unknown, afterContracts: unknown): ContractChange[] {
  const before = asContracts(beforeContracts);
  const after = new Map(asContracts(afterContracts).map((c) => [c.id, c]));
  return before.flatMap((old) => {
    const now = after.get(old.id);
    if (!now)
      return [
        {
          code: 'object-removed',
          severity: 'breaking',
          location: old.id,
          message: `contract ${old.id} was removed`,
        } as const,
      ];
    return diffContracts(old, now);
  });
}

/**
 * The changelog of one version: its classified contract changes against the version before it (by
 * semver), the same classification publish applies. The first version has no previous one and no
 * changes; undefined when the version does not exist.
 */
export async function versionChanges(
  db: Kysely<CatalogDatabase>,
  address: string,
  version: string,
): Promise<{ version: string; previous: string | null; changes: ContractChange[] } | undefined> {
  const rows = await db
    .selectFrom('product_versions')
    .select(['version', 'contracts'])
    .where('address', '=', address)
    .execute();
  const ordered = rows.filter((r) => semver.valid(r.version)).sort((a, b) => semver.compare(a.version, b.version));
  const at = ordered.findIndex((r) => r.version === version);
  const current = ordered[at];
  if (!current) return undefined;
  const before = ordered[at - 1];
  if (!before) return { version, previous: null, changes: [] };
  return { version, previous: before.version, changes: diffContractLists(before.contracts, current.contracts) };
}

function asContracts(value: unknown): OdcsContract[] {
  const list = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(list)
    ? (list.filter((c) => c && typeof c === 'object' && typeof c.id === 'string') as OdcsContract[])
    : [];
}

/** Products whose latest version reads `address` through an input port. */
async function consumersOf(db: Kysely<CatalogDatabase>, address: string): Promise<string[]> {
  const rows = await db
    .selectFrom('products')
    .innerJoin('product_versions', (j) =>
      j
        .onRef('product_versions.address', '=', 'products.address')
        .onRef('product_versions.version', '=', 'products.latest_version'),
    )
    .select(['products.address', 'product_versions.descriptor'])
    .execute();
  return rows
    .filter((r) => {
      const descriptor = (typeof r.descriptor === 'string' ? JSON.parse(r.descriptor) : r.descriptor) as {
        inputPorts?: { product?: string }[];
      };
      return (descriptor.inputPorts ?? []).some((p) => p.product === address);
    })
    .map((r) => r.address)
    .sort();
}

/** A product with its latest version. */
export interface ProductRow {
  readonly address: string;
  readonly domain: string;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  readonly latestVersion: string | null;
  readonly updatedAt: Date;
}

/** One product, or NotFoundError. */
export async function getProduct(db: Kysely<CatalogDatabase>, address: string): Promise<ProductRow> {
  const row = await db.selectFrom('products').selectAll().where('address', '=', address).executeTakeFirst();
  if (!row) throw new NotFoundError(`product ${address} is not in the catalog`, { address });
  return toProduct(row);
}

/**
 * Products in address order, `limit` at a time after the `after` cursor (the last address of the previous
 * page): stable under concurrent inserts, unlike offsets.
 */
export async function listProducts(
  db: Kysely<CatalogDatabase>,
  page: { readonly after?: string; readonly limit: number; readonly domain?: string },
): Promise<{ readonly items: ProductRow[]; readonly next: string | null }> {
  let query = db
    .selectFrom('products')
    .selectAll()
    .orderBy('address')
    .limit(page.limit + 1);
  if (page.after) query = query.where('address', '>', page.after);
  if (page.domain) query = query.where('domain', '=', page.domain);
  const rows = await query.execute();
  const items = rows.slice(0, page.limit).map(toProduct);
  return { items, next: rows.length > page.limit ? (items[items.length - 1]?.address ?? null) : null };
}

/** The versions of a product, newest first. */
export async function listVersions(db: Kysely<CatalogDatabase>, address: string) {
  const rows = await db
    .selectFrom('product_versions')
    .select(['version', 'content_hash', 'published_by', 'published_at', 'findings'])
    .where('address', '=', address)
    .execute();
  return rows
    .sort((a, b) => semver.rcompare(a.version, b.version))
    .map((r) => ({
      version: r.version,
      contentHash: r.content_hash,
      publishedBy: r.published_by,
      publishedAt: r.published_at,
      findings: parseJson(r.findings) as unknown[],
    }));
}

/** The content of a product's latest version, or undefined before its first publish. */
export async function latestVersionContent(db: Kysely<CatalogDatabase>, address: string) {
  const row = await db
    .selectFrom('products')
    .innerJoin('product_versions', (j) =>
      j
        .onRef('product_versions.address', '=', 'products.address')
        .onRef('product_versions.version', '=', 'products.latest_version'),
    )
    .select(['product_versions.version', 'descriptor', 'contracts', 'docs', 'findings'])
    .where('products.address', '=', address)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    version: row.version,
    descriptor: parseJson(row.descriptor),
    contracts: parseJson(row.contracts) as unknown[],
    docs: row.docs,
    findings: parseJson(row.findings) as unknown[],
  };
}

/** jsonb comes back parsed from PostgreSQL and as text from some drivers: accept both. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function toProduct(row: ProductRecord): ProductRow {
  return {
    address: row.address,
    domain: row.domain,
    name: row.name,
    description: row.description,
    status: row.status,
    latestVersion: row.latest_version,
    updatedAt: row.updated_at,
  };
}
