/**
 * The Cedar schema every access policy is validated against (strict mode), in Cedar's schema syntax.
 * Principals are users with their domain (empty for none), roles and clearance (the rank of the most
 * sensitive classification they may see unmasked). Resources are products (with their domain, status,
 * isolation pattern and the classification of their most sensitive column), domains, and the mesh itself
 * for actions that concern everything (the audit log, metrics, webhooks). `declassificationApproved` tells
 * `declassify` that a recorded governance approval covers exactly the columns a version lowers.
 */
export const CEDAR_SCHEMA = `namespace Meshwork {
  entity Mesh;
  entity Domain;
  entity User in [Domain] = {
    "email": String,
    "domain": String,
    "roles": Set<String>,
    "clearance": Long,
  };
  entity Product in [Domain] = {
    "domain": String,
    "status": String,
    "isolation": String,
    "classification": String,
    "classificationRank": Long,
    "crossDomainNeedsApproval": Bool,
  };
  type RequestContext = {
    "purpose": String,
    "hasGrant": Bool,
    "own": Bool,
    "unmaskedColumns": Long,
    "declassificationApproved": Bool,
  };
  action read, query, request, approve, reject, revoke, autoApprove, publish, declassify,
    approveDeclassification, requestFor, writeLineage appliesTo {
    principal: [User],
    resource: [Product],
    context: RequestContext,
  };
  action viewDomainAccess, viewDomainEvents appliesTo {
    principal: [User],
    resource: [Domain],
    context: RequestContext,
  };
  action viewAllAccess, viewAllEvents, viewAudit, viewMetrics, viewFindings, viewChargeback,
    manageWebhooks, postLineage appliesTo {
    principal: [User],
    resource: [Mesh],
    context: RequestContext,
  };
}
`;

/** Actions on a product. */
export const PRODUCT_ACTIONS = [
  'read',
  'query',
  'request',
  'approve',
  'reject',
  'revoke',
  'autoApprove',
  'publish',
  'declassify',
  'approveDeclassification',
  'requestFor',
  'writeLineage',
] as const;
/** Actions on a domain as a whole. */
export const DOMAIN_ACTIONS = ['viewDomainAccess', 'viewDomainEvents'] as const;
/** Actions on the whole mesh. */
export const MESH_ACTIONS = [
  'viewAllAccess',
  'viewAllEvents',
  'viewAudit',
  'viewMetrics',
  'viewFindings',
  'viewChargeback',
  'manageWebhooks',
  'postLineage',
] as const;
/** Every action policies speak of. */
export const ACCESS_ACTIONS = [...PRODUCT_ACTIONS, ...DOMAIN_ACTIONS, ...MESH_ACTIONS] as const;

export type ProductAction = (typeof PRODUCT_ACTIONS)[number];
export type DomainAction = (typeof DOMAIN_ACTIONS)[number];
export type MeshAction = (typeof MESH_ACTIONS)[number];
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
