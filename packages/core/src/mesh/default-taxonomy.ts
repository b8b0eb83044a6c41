import type { ClassificationTaxonomy } from './mesh-schemas.js';

/** The taxonomy a mesh has until its governance group writes governance/classification.yaml. */
export const DEFAULT_TAXONOMY: ClassificationTaxonomy = {
  apiVersion: 'meshwork/v1',
  kind: 'ClassificationTaxonomy',
  levels: [
    {
      name: 'public',
      description: 'May be published outside the company.',
      masking: 'none',
      allowedPatterns: ['schema', 'workspace', 'account'],
      crossDomainNeedsApproval: false,
    },
    {
      name: 'internal',
      description: 'Any employee may read it.',
      masking: 'none',
      allowedPatterns: ['schema', 'workspace', 'account'],
      crossDomainNeedsApproval: false,
    },
    {
      name: 'confidential',
      description: 'Business-sensitive: amounts, budgets, contracts.',
      masking: 'hash',
      allowedPatterns: ['schema', 'workspace', 'account'],
      crossDomainNeedsApproval: true,
    },
    {
      name: 'pii',
      description: 'Personal data under GDPR and similar law.',
      masking: 'redact',
      allowedPatterns: ['schema', 'workspace', 'account'],
      maxRetention: '10y',
      crossDomainNeedsApproval: true,
    },
  ],
};

/** Text of the default governance/classification.yaml that `meshwork init` writes. */
export const DEFAULT_TAXONOMY_YAML = `# The classification taxonomy of the mesh, least sensitive level first. Every property's
# \`classification\` in a contract must name one of these levels.
apiVersion: meshwork/v1
kind: ClassificationTaxonomy
levels:
  - name: public
    description: May be published outside the company.
    masking: none
    allowedPatterns: [schema, workspace, account]
    crossDomainNeedsApproval: false
  - name: internal
    description: Any employee may read it.
    masking: none
    allowedPatterns: [schema, workspace, account]
    crossDomainNeedsApproval: false
  - name: confidential
    description: Business-sensitive — amounts, budgets, contracts.
    masking: hash
    allowedPatterns: [schema, workspace, account]
    crossDomainNeedsApproval: true
  - name: pii
    description: Personal data under GDPR and similar law.
    masking: redact
    allowedPatterns: [schema, workspace, account]
    maxRetention: 10y
    crossDomainNeedsApproval: true
`;
