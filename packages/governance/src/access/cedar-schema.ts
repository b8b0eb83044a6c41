/**
 * The Cedar schema every access policy is validated against (strict mode), in Cedar's schema syntax.
 * Principals are users with their domain (empty for none), roles and clearance (the rank of the most
 * sensitive classification they may see unmasked); resources are products with their domain, status,
 * isolation pattern and the classification of their most sensitive column.
 */
export const CEDAR_SCHEMA = `namespace Meshwork {
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
  };
  action read, query, request, approve, publish appliesTo {
    principal: [User],
    resource: [Product],
    context: RequestContext,
  };
}
`;

/** The actions policies speak of. */
export const ACCESS_ACTIONS = ['read', 'query', 'request', 'approve', 'publish'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
