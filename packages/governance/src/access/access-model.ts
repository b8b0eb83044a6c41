import {
  type ClassificationLevel,
  type ClassificationTaxonomy,
  DEFAULT_TAXONOMY,
  NotAllowedError,
} from '@meshwork/core';
import {
  type AccessContext,
  type AccessDecision,
  type AccessPrincipal,
  type AccessResource,
  CedarPolicies,
  type CedarResource,
} from './authorize.js';
import { type DomainAction, MESH_ACTIONS, type MeshAction, type ProductAction } from './cedar-schema.js';
import { ClearanceScale } from './clearance.js';
import type { LoadedPolicy } from './load-policies.js';

/** How a column is shown to a consumer (the taxonomy's masking methods). */
export type ColumnMasking = ClassificationLevel['masking'];

/** A column with its classification level (null: unclassified). */
export interface ClassifiedColumn {
  readonly name: string;
  readonly classification: string | null;
}

/**
 * Whose access requests, grants and consumers a principal sees: everything, those involving their domain
 * (its products, and their own), or only their own.
 */
export type AccessScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'domain'; readonly domain: string; readonly email: string }
  | { readonly kind: 'own'; readonly email: string };

/**
 * What a user may do, for a UI to show or hide what would be refused anyway: every mesh-wide action, seeing
 * the access of their own domain, and deciding requests (for the products of their domain, or of any).
 */
export type Capabilities = { readonly [A in MeshAction]: boolean } & {
  readonly viewDomainAccess: boolean;
  readonly decideRequests: boolean;
};

/**
 * Whether a version that lowers classifications may be published by a principal (Cedar `declassify`), and
 * what a recorded governance approval changes: enough to tell a refused publisher what is missing.
 */
export interface DeclassificationVerdict {
  /** The decision, with or without an approval as found. */
  readonly decision: AccessDecision;
  /** Without a recorded approval the policies refuse it. */
  readonly approvalRequired: boolean;
  /** With a recorded approval the policies let this principal publish it. */
  readonly approvalSuffices: boolean;
}

/**
 * The mesh's one access model: every decision of who may read, query, request, approve, publish,
 * declassify or oversee, and which columns a principal sees masked. Policies are Cedar (the mesh's
 * `governance/policies` and each domain's, validated against {@link CEDAR_SCHEMA}); arithmetic (the
 * ranking of classifications against a clearance) is {@link ClearanceScale}. Servers, the gateway, MCP,
 * Delta Sharing and the UI ask it and never re-derive a rule.
 *
 * @example
 * const access = new AccessModel(policies, taxonomy);
 * access.authorize(analyst, 'query', invoices, { purpose: 'Q3 close', hasGrant: true }).decision; // 'allow'
 * access.maskFor(analyst, { name: 'email', classification: 'pii' }, []); // 'redact'
 */
export class AccessModel {
  readonly scale: ClearanceScale;
  private readonly cedar: CedarPolicies;

  constructor(policies: readonly LoadedPolicy[], taxonomy: ClassificationTaxonomy = DEFAULT_TAXONOMY) {
    this.scale = new ClearanceScale(taxonomy);
    this.cedar = new CedarPolicies(policies);
  }

  /** The policies in force. */
  get policies(): readonly LoadedPolicy[] {
    return this.cedar.policies;
  }

  /** Decides whether `principal` may take `action` on a product, with the policies that decided it. */
  authorize(
    principal: AccessPrincipal,
    action: ProductAction,
    resource: AccessResource,
    context: AccessContext = {},
  ): AccessDecision {
    return this.decide(principal, action, this.productEntity(resource), context);
  }

  /** Decides an action on a domain as a whole (e.g. seeing the access requests of its products). */
  authorizeDomain(
    principal: AccessPrincipal,
    action: DomainAction,
    domain: string,
    context: AccessContext = {},
  ): AccessDecision {
    const uid = { type: 'Meshwork::Domain', id: domain };
    return this.decide(principal, action, { uid, attrs: {}, parents: [], label: `domain ${domain}` }, context);
  }

  /** Decides an action on the whole mesh (the audit log, metrics, webhooks, every request and event). */
  authorizeMesh(principal: AccessPrincipal, action: MeshAction, context: AccessContext = {}): AccessDecision {
    const uid = { type: 'Meshwork::Mesh', id: 'mesh' };
    return this.decide(principal, action, { uid, attrs: {}, parents: [], label: 'the mesh' }, context);
  }

  /**
   * Throws NotAllowedError (403) with `refusal` (one sentence for a person) and the deciding policies
   * unless the mesh's policies allow the action. `target` is a product, a domain name, or `'mesh'`.
   */
  require(
    principal: AccessPrincipal,
    action: ProductAction | DomainAction | MeshAction,
    target: AccessResource | { readonly domain: string } | 'mesh',
    refusal: string,
    context: AccessContext = {},
    details: Record<string, unknown> = {},
  ): AccessDecision {
    const decision =
      target === 'mesh'
        ? this.authorizeMesh(principal, action as MeshAction, context)
        : 'address' in target
          ? this.authorize(principal, action as ProductAction, target, context)
          : this.authorizeDomain(principal, action as DomainAction, target.domain, context);
    if (decision.decision === 'deny') {
      throw new NotAllowedError(refusal, {
        ...details,
        decision: decision.decision,
        reasons: [...decision.reasons],
        errors: [...decision.errors],
      });
    }
    return decision;
  }

  /**
   * How a column is shown to `principal`: unmasked when unclassified, when their clearance clears its level,
   * or when one of their grants names it; otherwise its level's masking method.
   */
  maskFor(principal: AccessPrincipal, column: ClassifiedColumn, grantedColumns: readonly string[]): ColumnMasking {
    if (column.classification === null || grantedColumns.includes(column.name)) return 'none';
    if (this.scale.clears(principal.clearance, column.classification)) return 'none';
    return this.scale.maskingOf(column.classification);
  }

  /**
   * How each column of product `address` is shown to `principal`, given their active grants (several
   * grants of one product add up their columns).
   */
  columnMasks(
    principal: AccessPrincipal,
    address: string,
    columns: readonly ClassifiedColumn[],
    grants: readonly { readonly product: string; readonly columns: readonly string[] }[],
  ): Map<string, ColumnMasking> {
    const granted = grants.filter((g) => g.product === address).flatMap((g) => g.columns);
    return new Map(columns.map((c) => [c.name, this.maskFor(principal, c, granted)]));
  }

  /** Whether a column is above `principal`'s clearance (so asking for it unmasked makes sense). */
  isAboveClearance(principal: AccessPrincipal, column: ClassifiedColumn): boolean {
    return !this.scale.clears(principal.clearance, column.classification);
  }

  /** A product's classification: the most sensitive level of its columns (the least sensitive when none). */
  classificationOf(columns: Iterable<ClassifiedColumn>): string {
    return this.scale.mostSensitive([...columns].map((c) => c.classification));
  }

  /** Whether a request for `resource` asking for `unmaskedColumns` columns is approved at once (Cedar `autoApprove`). */
  autoApproves(
    principal: AccessPrincipal,
    resource: AccessResource,
    unmaskedColumns: number,
    purpose: string,
  ): boolean {
    return this.authorize(principal, 'autoApprove', resource, { purpose, unmaskedColumns }).decision === 'allow';
  }

  /**
   * Whether `principal` may publish a version of `resource` that lowers or removes classifications (Cedar
   * `declassify`), given whether a recorded, unused governance approval covers exactly those columns
   * (`approved`). Both answers are decided, so a refusal can say whether an approval would do.
   *
   * @example
   * access.declassification(owner, customers, false); // { decision: deny, approvalRequired: true, approvalSuffices: true }
   */
  declassification(principal: AccessPrincipal, resource: AccessResource, approved: boolean): DeclassificationVerdict {
    const without = this.authorize(principal, 'declassify', resource, { declassificationApproved: false });
    const withApproval = this.authorize(principal, 'declassify', resource, { declassificationApproved: true });
    return {
      decision: approved ? withApproval : without,
      approvalRequired: without.decision === 'deny',
      approvalSuffices: withApproval.decision === 'allow',
    };
  }

  /** Whose requests, grants and consumers `principal` sees (Cedar `viewAllAccess`, then `viewDomainAccess`). */
  accessScope(principal: AccessPrincipal): AccessScope {
    if (this.authorizeMesh(principal, 'viewAllAccess').decision === 'allow') return { kind: 'all' };
    if (principal.domain && this.authorizeDomain(principal, 'viewDomainAccess', principal.domain).decision === 'allow')
      return { kind: 'domain', domain: principal.domain, email: principal.email };
    return { kind: 'own', email: principal.email };
  }

  /** What `principal` may do, decided by the same policies as every request (see {@link Capabilities}). */
  capabilities(principal: AccessPrincipal): Capabilities {
    const mesh = Object.fromEntries(
      MESH_ACTIONS.map((action) => [action, this.authorizeMesh(principal, action).decision === 'allow']),
    ) as { [A in MeshAction]: boolean };
    const domain = principal.domain ?? '';
    // A product of the user's domain (or of none) stands for "a request they might be asked to decide".
    const probe: AccessResource = {
      address: `${domain || 'any'}.any`,
      domain,
      status: 'active',
      isolation: 'schema',
      classification: this.classificationOf([]),
    };
    return {
      ...mesh,
      viewDomainAccess:
        domain !== '' && this.authorizeDomain(principal, 'viewDomainAccess', domain).decision === 'allow',
      decideRequests: this.authorize(principal, 'reject', probe).decision === 'allow',
    };
  }

  private decide(
    principal: AccessPrincipal,
    action: ProductAction | DomainAction | MeshAction,
    resource: CedarResource,
    context: AccessContext,
  ): AccessDecision {
    return this.cedar.decide(principal, this.scale.clearanceRank(principal.clearance), action, resource, context);
  }

  private productEntity(resource: AccessResource): CedarResource {
    return {
      uid: { type: 'Meshwork::Product', id: resource.address },
      attrs: {
        domain: resource.domain,
        status: resource.status,
        isolation: resource.isolation,
        classification: resource.classification,
        classificationRank: this.scale.rank(resource.classification),
        crossDomainNeedsApproval: this.scale.needsApproval(resource.classification),
      },
      parents: [{ type: 'Meshwork::Domain', id: resource.domain }],
      label: resource.address,
    };
  }
}
