import type { CloudTarget } from './cloud-target.js';
import { block, expr, type HclBlock, type HclValue } from './hcl.js';
import { commonVariables, output, productTags, resource, tagLocals, variable } from './module-parts.js';

/** GCP label values: lower case letters, digits, `_` and `-`. */
const LABEL = (v: string) => `replace(lower(${v}), "/[^a-z0-9_-]/", "_")`;

/** The domain's dataset, one dataset per product, and each product's views authorized on the domain's data. */
function datasets(project: string): HclBlock[] {
  return [
    resource('google_bigquery_dataset', 'domain', {
      dataset_id: expr('var.domain'),
      description: expr('"The ${var.domain} domain\'s data"'),
      labels: expr('local.labels'),
      location: expr('var.location'),
      project: expr(project),
    }),
    resource('google_bigquery_dataset', 'product', {
      for_each: expr('local.product_set'),
      dataset_id: expr('"${var.domain}__${each.key}"'),
      description: expr('"Data product ${var.domain}.${each.key}: the views consumers read"'),
      labels: productTags('labels'),
      location: expr('var.location'),
      project: expr(project),
    }),
    resource(
      'google_bigquery_dataset_access',
      'authorized',
      {
        for_each: expr('local.product_set'),
        dataset_id: expr('google_bigquery_dataset.domain.dataset_id'),
        project: expr(project),
      },
      [
        block('dataset', [], { target_types: ['VIEWS'] }, [
          block('dataset', [], {
            dataset_id: expr('google_bigquery_dataset.product[each.key].dataset_id'),
            project_id: expr(project),
          }),
        ]),
      ],
    ),
  ];
}

const labels = () => tagLocals('labels', LABEL('var.cost_center'), LABEL('var.domain'));

const account = {
  main: [
    labels(),
    resource('google_project', 'domain', {
      auto_create_network: false,
      billing_account: expr('var.billing_account'),
      folder_id: expr('var.folder_id'),
      labels: expr('local.labels'),
      name: expr('"${var.name_prefix}-${var.domain}"'),
      project_id: expr('"${var.name_prefix}-${var.domain}"'),
    }),
    resource('google_project_service', 'bigquery', {
      for_each: expr('toset(["analyticshub.googleapis.com", "bigquery.googleapis.com"])'),
      project: expr('google_project.domain.project_id'),
      service: expr('each.key'),
    }),
    resource(
      'google_org_policy_policy',
      'resource_locations',
      {
        name: expr('"projects/${google_project.domain.project_id}/policies/gcp.resourceLocations"'),
        parent: expr('"projects/${google_project.domain.project_id}"'),
      },
      [
        block('spec', [], {}, [
          block('rules', [], {}, [block('values', [], { allowed_values: expr('var.allowed_locations') })]),
        ]),
      ],
    ),
    resource(
      'google_org_policy_policy',
      'no_service_account_keys',
      {
        name: expr('"projects/${google_project.domain.project_id}/policies/iam.disableServiceAccountKeyCreation"'),
        parent: expr('"projects/${google_project.domain.project_id}"'),
      },
      [block('spec', [], {}, [block('rules', [], { enforce: 'TRUE' })])],
    ),
    ...datasets('google_project.domain.project_id'),
    resource('google_bigquery_analytics_hub_data_exchange', 'domain', {
      data_exchange_id: expr('var.domain'),
      display_name: expr('"${var.domain} data products"'),
      location: expr('var.location'),
      project: expr('google_project.domain.project_id'),
    }),
    resource(
      'google_bigquery_analytics_hub_listing',
      'product',
      {
        for_each: expr('var.shares'),
        data_exchange_id: expr('google_bigquery_analytics_hub_data_exchange.domain.data_exchange_id'),
        description: expr('"${var.domain}.${each.key}, shared with ${join(", ", each.value)}"'),
        display_name: expr('"${var.domain}.${each.key}"'),
        listing_id: expr('each.key'),
        location: expr('var.location'),
        project: expr('google_project.domain.project_id'),
      },
      [block('bigquery_dataset', [], { dataset: expr('google_bigquery_dataset.product[each.key].id') })],
    ),
  ],
  variables: [
    ...commonVariables(),
    variable('folder_id', 'string', 'The folder domain projects are created in.'),
    variable('billing_account', 'string', 'The billing account of domain projects.'),
    variable(
      'allowed_locations',
      'list(string)',
      'Locations the organization policy allows, for example in:eu-locations.',
    ),
    variable('location', 'string', 'The BigQuery location.'),
    variable(
      'shares',
      'map(list(string))',
      'Shared products: product id → consumer domains (Analytics Hub listings).',
      {},
    ),
  ],
  outputs: [
    output('project_id', 'google_project.domain.project_id', "The domain's project."),
    output('dataset', 'google_bigquery_dataset.domain.dataset_id', "The domain's dataset."),
  ],
};

const workspace = {
  main: [
    labels(),
    ...datasets('var.project_id'),
    resource('google_project', 'compute', {
      auto_create_network: false,
      billing_account: expr('var.billing_account'),
      folder_id: expr('var.folder_id'),
      labels: expr('local.labels'),
      name: expr('"${var.name_prefix}-${var.domain}-compute"'),
      project_id: expr('"${var.name_prefix}-${var.domain}-q"'),
    }),
    resource('google_bigquery_reservation', 'domain', {
      edition: 'STANDARD',
      location: expr('var.location'),
      name: expr('var.domain'),
      project: expr('var.project_id'),
      slot_capacity: expr('var.slot_capacity'),
    }),
    resource('google_bigquery_reservation_assignment', 'domain', {
      assignee: expr('"projects/${google_project.compute.project_id}"'),
      job_type: 'QUERY',
      location: expr('var.location'),
      project: expr('var.project_id'),
      reservation: expr('google_bigquery_reservation.domain.id'),
    }),
  ],
  variables: [
    ...commonVariables(),
    variable('project_id', 'string', 'The shared data project the datasets live in.'),
    variable('folder_id', 'string', "The folder of the domain's compute project."),
    variable('billing_account', 'string', "The billing account of the domain's compute project."),
    variable('location', 'string', 'The BigQuery location.'),
    variable('slot_capacity', 'number', "Slots of the domain's own reservation.", 100),
  ],
  outputs: [
    output('dataset', 'google_bigquery_dataset.domain.dataset_id', "The domain's dataset."),
    output('compute_project_id', 'google_project.compute.project_id', 'The project whose queries use the reservation.'),
  ],
};

const schema = {
  main: [labels(), ...datasets('var.project_id')],
  variables: [
    ...commonVariables(),
    variable('project_id', 'string', 'The shared data project.'),
    variable('location', 'string', 'The BigQuery location.'),
  ],
  outputs: [output('dataset', 'google_bigquery_dataset.domain.dataset_id', "The domain's dataset.")],
};

/** Terraform for Google Cloud: projects in a folder, organization policies, BigQuery, reservations, Analytics Hub. */
export const GCP: CloudTarget = {
  cloud: 'gcp',
  title: 'Google Cloud',
  requiredProviders: { google: { source: 'hashicorp/google', version: '~> 6.0' } },
  platformVariables: [
    {
      name: 'project_id',
      type: 'string',
      description: 'The shared data project (workspace and schema domains).',
      value: 'REPLACE-ME',
    },
    { name: 'location', type: 'string', description: 'The BigQuery location.', value: 'EU' },
    {
      name: 'allowed_locations',
      type: 'list(string)',
      description: 'Locations the organization policy allows.',
      value: ['in:eu-locations'],
    },
    { name: 'folder_id', type: 'string', description: 'The folder of domain projects.', value: 'folders/REPLACE-ME' },
    {
      name: 'billing_account',
      type: 'string',
      description: 'The billing account of domain projects.',
      value: 'REPLACE-ME',
    },
  ],
  modules: { account, workspace, schema },
  providers() {
    return [block('provider', ['google'], { project: expr('var.project_id') })];
  },
  platformResources() {
    return [];
  },
  domainFields() {
    return {};
  },
  moduleArguments(domain): Record<string, HclValue> {
    const location = { location: expr('var.location') };
    if (domain.pattern === 'account') {
      return {
        ...location,
        allowed_locations: expr('var.allowed_locations'),
        billing_account: expr('var.billing_account'),
        folder_id: expr('var.folder_id'),
        shares: expr(`var.${domain.name}.shares`),
      };
    }
    if (domain.pattern === 'workspace') {
      return {
        ...location,
        billing_account: expr('var.billing_account'),
        folder_id: expr('var.folder_id'),
        project_id: expr('var.project_id'),
      };
    }
    return { ...location, project_id: expr('var.project_id') };
  },
  summary: {
    account:
      'a project in `folder_id` with organization policy constraints (resource locations, no service-account keys), its dataset, a dataset per product authorized on it, and an Analytics Hub exchange with a listing per shared product',
    workspace:
      'its dataset and a dataset per product (authorized) in the shared data project, plus a compute project of its own with a separate BigQuery reservation',
    schema: 'its dataset and a dataset per product (authorized) in the shared data project',
  },
  applyOrder() {
    return ['`terraform init`', '`terraform apply`: projects, policies, datasets, reservations and listings.'];
  },
};
