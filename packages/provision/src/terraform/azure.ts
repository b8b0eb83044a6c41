import type { CloudTarget } from './cloud-target.js';
import { block, call, expr, type HclValue } from './hcl.js';
import { commonVariables, output, resource, tagLocals, variable } from './module-parts.js';
import type { ProvisionInput } from './provision-input.js';

const SHARE_PAIRS =
  'flatten([for product, consumers in var.shares : [for consumer in consumers : { consumer = consumer, product = product }]])';

/** Built-in Azure Policy definitions the account guardrails assign. */
const ALLOWED_LOCATIONS = '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c';
const REQUIRE_TAG = '/providers/Microsoft.Authorization/policyDefinitions/871b6d14-10aa-478d-b590-94f262ecfa99';

const workspaceResources = (provider?: string) => {
  const p: Record<string, HclValue> = provider ? { provider: expr(provider) } : {};
  return [
    resource('azurerm_resource_group', 'domain', {
      ...p,
      location: expr('var.location'),
      name: expr('"${var.name_prefix}-${var.domain}"'),
      tags: expr('local.tags'),
    }),
    resource('azurerm_databricks_workspace', 'domain', {
      ...p,
      location: expr('azurerm_resource_group.domain.location'),
      name: expr('"${var.name_prefix}-${var.domain}"'),
      resource_group_name: expr('azurerm_resource_group.domain.name'),
      sku: 'premium',
      tags: expr('local.tags'),
    }),
  ];
};

const account = {
  main: [
    block('terraform', [], {}, [
      block('required_providers', [], {
        azurerm: { configuration_aliases: expr('[azurerm.domain]'), source: 'hashicorp/azurerm' },
        databricks: { configuration_aliases: expr('[databricks.domain]'), source: 'databricks/databricks' },
      }),
    ]),
    tagLocals('tags'),
    resource('azurerm_subscription', 'domain', {
      alias: expr('"${var.name_prefix}-${var.domain}"'),
      billing_scope_id: expr('var.billing_scope_id'),
      subscription_name: expr('"${var.name_prefix}-${var.domain}"'),
      tags: expr('local.tags'),
    }),
    resource('azurerm_management_group_subscription_association', 'domain', {
      management_group_id: expr('var.management_group_id'),
      subscription_id: expr('"/subscriptions/${azurerm_subscription.domain.subscription_id}"'),
    }),
    resource('azurerm_subscription_policy_assignment', 'allowed_locations', {
      name: 'allowed-locations',
      parameters: call('jsonencode', { listOfAllowedLocations: { value: expr('var.allowed_locations') } }),
      policy_definition_id: ALLOWED_LOCATIONS,
      subscription_id: expr('"/subscriptions/${azurerm_subscription.domain.subscription_id}"'),
    }),
    resource('azurerm_subscription_policy_assignment', 'require_cost_center', {
      name: 'require-cost-center-tag',
      parameters: call('jsonencode', { tagName: { value: 'cost_center' } }),
      policy_definition_id: REQUIRE_TAG,
      subscription_id: expr('"/subscriptions/${azurerm_subscription.domain.subscription_id}"'),
    }),
    ...workspaceResources('azurerm.domain'),
    resource('azurerm_storage_account', 'data', {
      provider: expr('azurerm.domain'),
      account_replication_type: 'ZRS',
      account_tier: 'Standard',
      is_hns_enabled: true,
      location: expr('azurerm_resource_group.domain.location'),
      min_tls_version: 'TLS1_2',
      name: expr('substr(replace("${var.name_prefix}${var.domain}", "/[^a-z0-9]/", ""), 0, 24)'),
      public_network_access_enabled: false,
      resource_group_name: expr('azurerm_resource_group.domain.name'),
      tags: expr('local.tags'),
    }),
    block('locals', [], {
      share_pairs: expr(`{ for pair in ${SHARE_PAIRS} : "\${pair.product}:\${pair.consumer}" => pair }`),
    }),
    resource(
      'databricks_share',
      'product',
      { provider: expr('databricks.domain'), for_each: expr('var.shares'), name: expr('"${var.domain}-${each.key}"') },
      [
        block('object', [], {
          comment: expr('"data_product=${each.key} domain=${var.domain} cost_center=${var.cost_center}"'),
          data_object_type: 'TABLE',
          name: expr('"${var.catalog}.${var.domain}.${each.key}"'),
        }),
      ],
    ),
    resource('databricks_recipient', 'consumer', {
      provider: expr('databricks.domain'),
      for_each: expr('toset(flatten(values(var.shares)))'),
      authentication_type: 'TOKEN',
      comment: expr('"Consumer domain ${each.key} of the ${var.domain} domain\'s shares"'),
      name: expr('"${var.domain}-to-${each.key}"'),
    }),
    resource('databricks_grant', 'consumer', {
      provider: expr('databricks.domain'),
      for_each: expr('local.share_pairs'),
      principal: expr('databricks_recipient.consumer[each.value.consumer].name'),
      privileges: ['SELECT'],
      share: expr('databricks_share.product[each.value.product].name'),
    }),
  ],
  variables: [
    ...commonVariables(),
    variable('billing_scope_id', 'string', 'The billing scope new subscriptions are charged to.'),
    variable('management_group_id', 'string', 'The management group of domain subscriptions.'),
    variable('allowed_locations', 'list(string)', 'Locations the policy assignment allows.'),
    variable('location', 'string', 'The location of the domain resources.'),
    variable('catalog', 'string', 'The Unity Catalog catalog the shared tables live in.'),
    variable('shares', 'map(list(string))', 'Shared products: product id → consumer domains (Delta Sharing).', {}),
  ],
  outputs: [
    output('subscription_id', 'azurerm_subscription.domain.subscription_id', "The domain's subscription."),
    output('workspace_url', 'azurerm_databricks_workspace.domain.workspace_url', "The domain's Databricks workspace."),
    output('storage_account', 'azurerm_storage_account.data.name', "The domain's storage account."),
  ],
};

const workspace = {
  main: [
    tagLocals('tags'),
    ...workspaceResources(),
    resource('databricks_metastore_assignment', 'domain', {
      metastore_id: expr('var.metastore_id'),
      workspace_id: expr('azurerm_databricks_workspace.domain.workspace_id'),
    }),
  ],
  variables: [
    ...commonVariables(),
    variable('location', 'string', 'The location of the domain resources.'),
    variable('metastore_id', 'string', 'The one Unity Catalog metastore every workspace is assigned to.'),
  ],
  outputs: [
    output('workspace_url', 'azurerm_databricks_workspace.domain.workspace_url', "The domain's Databricks workspace."),
  ],
};

const schema = {
  main: [
    tagLocals('tags'),
    resource('databricks_schema', 'domain', {
      catalog_name: expr('var.catalog'),
      comment: expr('"The ${var.domain} domain (schema-per-domain)"'),
      name: expr('var.domain'),
      properties: expr('merge(local.tags, { data_products = join(",", var.data_products) })'),
    }),
  ],
  variables: [...commonVariables(), variable('catalog', 'string', 'The shared Unity Catalog catalog.')],
  outputs: [output('schema', 'databricks_schema.domain.id', "The domain's Unity Catalog schema.")],
};

const accountDomains = (input: ProvisionInput) => input.domains.filter((d) => d.pattern === 'account');

/** Terraform for Azure: subscriptions, Azure Policy, Databricks workspaces, Unity Catalog, Delta Sharing. */
export const AZURE: CloudTarget = {
  cloud: 'azure',
  title: 'Azure',
  requiredProviders: {
    azurerm: { source: 'hashicorp/azurerm', version: '~> 4.0' },
    databricks: { source: 'databricks/databricks', version: '~> 1.50' },
  },
  platformVariables: [
    { name: 'location', type: 'string', description: 'The location of the data platform.', value: 'westeurope' },
    {
      name: 'allowed_locations',
      type: 'list(string)',
      description: 'Locations the account guardrails allow.',
      value: ['westeurope', 'northeurope'],
    },
    {
      name: 'subscription_id',
      type: 'string',
      description: 'The platform subscription (workspace and schema domains).',
      value: '00000000-0000-0000-0000-000000000000',
    },
    {
      name: 'billing_scope_id',
      type: 'string',
      description: 'The billing scope of domain subscriptions.',
      value: 'REPLACE-ME',
    },
    {
      name: 'management_group_id',
      type: 'string',
      description: 'The management group of domain subscriptions.',
      value: 'REPLACE-ME',
    },
    { name: 'metastore_id', type: 'string', description: 'The Unity Catalog metastore.', value: 'REPLACE-ME' },
    {
      name: 'shared_workspace_url',
      type: 'string',
      description: 'The shared Databricks workspace of schema domains.',
      value: 'https://REPLACE-ME.azuredatabricks.net',
    },
    { name: 'catalog', type: 'string', description: 'The Unity Catalog catalog of the mesh.', value: 'REPLACE-ME' },
  ],
  modules: { account, workspace, schema },
  providers(input) {
    return [
      block('provider', ['azurerm'], { subscription_id: expr('var.subscription_id') }, [block('features', [])]),
      block('provider', ['databricks'], { host: expr('var.shared_workspace_url') }),
      ...accountDomains(input).flatMap((d) => [
        block('provider', ['azurerm'], { alias: d.name, subscription_id: expr(`module.${d.name}.subscription_id`) }, [
          block('features', []),
        ]),
        block('provider', ['databricks'], { alias: d.name, host: expr(`module.${d.name}.workspace_url`) }),
      ]),
    ];
  },
  platformResources() {
    return [];
  },
  domainFields() {
    return {};
  },
  moduleArguments(domain): Record<string, HclValue> {
    if (domain.pattern === 'account') {
      return {
        providers: expr(
          `{ azurerm = azurerm, azurerm.domain = azurerm.${domain.name}, databricks.domain = databricks.${domain.name} }`,
        ),
        allowed_locations: expr('var.allowed_locations'),
        billing_scope_id: expr('var.billing_scope_id'),
        catalog: expr('var.catalog'),
        location: expr('var.location'),
        management_group_id: expr('var.management_group_id'),
        shares: expr(`var.${domain.name}.shares`),
      };
    }
    if (domain.pattern === 'workspace')
      return { location: expr('var.location'), metastore_id: expr('var.metastore_id') };
    return { catalog: expr('var.catalog') };
  },
  summary: {
    account:
      'a subscription under `management_group_id` with Azure Policy assignments (allowed locations, a required `cost_center` tag), a resource group, a Databricks workspace and an ADLS Gen2 storage account, and per shared product a Delta Sharing share with a recipient and a SELECT grant per consumer domain',
    workspace: 'a resource group and a Databricks workspace of its own, assigned to the one Unity Catalog metastore',
    schema: 'a Unity Catalog schema in the shared catalog, its tags as schema properties',
  },
  applyOrder(input) {
    const accounts = accountDomains(input);
    const steps = ['`terraform init`'];
    if (accounts.length > 0) {
      steps.push(
        `Create the subscriptions and their workspaces first, so the per-domain providers can reach them: \`terraform apply ${accounts.map((d) => `-target=module.${d.name}.azurerm_databricks_workspace.domain`).join(' ')}\``,
      );
    }
    steps.push('`terraform apply`: policy assignments, metastore assignments, schemas and the Delta Sharing shares.');
    return steps;
  },
};
