import { AWS_ACCOUNT_MODULE, productPrefixes } from './aws-account.js';
import type { CloudTarget } from './cloud-target.js';
import { block, call, expr, type HclValue } from './hcl.js';
import { commonVariables, output, resource, tagLocals, variable } from './module-parts.js';
import type { ProvisionDomain, ProvisionInput } from './provision-input.js';

const workspace = {
  main: [
    tagLocals('tags'),
    resource('aws_s3_object', 'prefix', {
      bucket: expr('var.lake_bucket'),
      content: '',
      key: expr('"${var.domain}/"'),
      tags: expr('local.tags'),
    }),
    productPrefixes('var.lake_bucket', '${var.domain}/'),
    resource('aws_glue_catalog_database', 'domain', {
      location_uri: expr('"s3://${var.lake_bucket}/${var.domain}/"'),
      name: expr('var.domain'),
      tags: expr('local.tags'),
    }),
    resource('aws_iam_role', 'domain', {
      assume_role_policy: call('jsonencode', {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: expr('var.trusted_principal_arns') } },
        ],
        Version: '2012-10-17',
      }),
      name: expr('"${var.name_prefix}-${var.domain}-data"'),
      tags: expr('local.tags'),
    }),
    resource('aws_iam_role_policy', 'domain', {
      name: 'domain-data',
      policy: call('jsonencode', {
        Statement: [
          {
            Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
            Effect: 'Allow',
            Resource: expr('"arn:aws:s3:::${var.lake_bucket}/${var.domain}/*"'),
          },
          {
            Action: ['glue:*'],
            Effect: 'Allow',
            Resource: expr('[aws_glue_catalog_database.domain.arn, "arn:aws:glue:*:*:table/${var.domain}/*"]'),
          },
          { Action: ['athena:*'], Effect: 'Allow', Resource: expr('aws_athena_workgroup.domain.arn') },
        ],
        Version: '2012-10-17',
      }),
      role: expr('aws_iam_role.domain.id'),
    }),
    resource('aws_athena_workgroup', 'domain', { name: expr('var.domain'), tags: expr('local.tags') }, [
      block(
        'configuration',
        [],
        {
          bytes_scanned_cutoff_per_query: expr('var.bytes_scanned_cutoff_per_query'),
          enforce_workgroup_configuration: true,
        },
        [
          block('result_configuration', [], {
            output_location: expr('"s3://${var.lake_bucket}/athena-results/${var.domain}/"'),
          }),
        ],
      ),
    ]),
  ],
  variables: [
    ...commonVariables(),
    variable('lake_bucket', 'string', 'The shared lake bucket; the domain gets its own prefix.'),
    variable('trusted_principal_arns', 'list(string)', "Who may assume the domain's data role."),
    variable(
      'bytes_scanned_cutoff_per_query',
      'number',
      "The Athena workgroup's per-query scan limit, in bytes.",
      1099511627776,
    ),
  ],
  outputs: [
    output('role_arn', 'aws_iam_role.domain.arn', "The domain's data role."),
    output('workgroup', 'aws_athena_workgroup.domain.name', "The domain's Athena workgroup."),
    output('glue_database', 'aws_glue_catalog_database.domain.name', "The domain's Glue database."),
  ],
};

const schema = {
  main: [
    tagLocals('tags'),
    resource('aws_glue_catalog_database', 'domain', {
      location_uri: expr('"s3://${var.lake_bucket}/${var.domain}/"'),
      name: expr('var.domain'),
      tags: expr('local.tags'),
    }),
    productPrefixes('var.lake_bucket', '${var.domain}/'),
  ],
  variables: [...commonVariables(), variable('lake_bucket', 'string', 'The shared lake bucket.')],
  outputs: [output('glue_database', 'aws_glue_catalog_database.domain.name', "The domain's Glue database.")],
};

const accountDomains = (input: ProvisionInput) => input.domains.filter((d) => d.pattern === 'account');

/** Terraform for AWS: Organizations accounts, S3, Glue, Lake Formation, RAM, IAM and Athena. */
export const AWS: CloudTarget = {
  cloud: 'aws',
  title: 'AWS',
  requiredProviders: { aws: { source: 'hashicorp/aws', version: '~> 5.0' } },
  platformVariables: [
    { name: 'region', type: 'string', description: 'The region of the data platform.', value: 'eu-central-1' },
    {
      name: 'allowed_regions',
      type: 'list(string)',
      description: 'Regions the account guardrails allow.',
      value: ['eu-central-1', 'eu-west-1'],
    },
    {
      name: 'organizational_unit_id',
      type: 'string',
      description: 'The OU domain accounts are created in.',
      value: 'ou-REPLACE-ME',
    },
    {
      name: 'platform_account_id',
      type: 'string',
      description: 'The shared account of workspace and schema domains.',
      value: '000000000000',
    },
  ],
  modules: { account: AWS_ACCOUNT_MODULE, workspace, schema },
  providers(input) {
    return [
      block('provider', ['aws'], { region: expr('var.region') }, [
        block('default_tags', [], { tags: { managed_by: 'meshwork', mesh: input.mesh } }),
      ]),
      ...accountDomains(input).map((d) =>
        block('provider', ['aws'], { alias: d.name, region: expr('var.region') }, [
          block('assume_role', [], {
            role_arn: expr(`"arn:aws:iam::\${module.${d.name}.account_id}:role/OrganizationAccountAccessRole"`),
          }),
          block('default_tags', [], { tags: { managed_by: 'meshwork', mesh: input.mesh } }),
        ]),
      ),
    ];
  },
  platformResources(input) {
    if (!input.domains.some((d) => d.pattern !== 'account')) return [];
    const tags = { cost_center: 'platform', domain: 'platform' };
    return [
      resource('aws_s3_bucket', 'lake', { bucket: `${input.mesh}-lake`, tags }),
      resource('aws_s3_bucket_public_access_block', 'lake', {
        block_public_acls: true,
        block_public_policy: true,
        bucket: expr('aws_s3_bucket.lake.id'),
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ];
  },
  domainFields(domain: ProvisionDomain): Record<string, { type: string; value: HclValue }> {
    if (domain.pattern !== 'account') return {};
    return { account_email: { type: 'string', value: domain.contactEmail } };
  },
  moduleArguments(domain, input): Record<string, HclValue> {
    if (domain.pattern === 'account') {
      const consumers = [...new Set(Object.values(domain.shares).flat())].sort();
      const principals = Object.fromEntries(
        consumers.map((c) => {
          const other = input.domains.find((d) => d.name === c);
          return [c, expr(other?.pattern === 'account' ? `module.${c}.account_id` : 'var.platform_account_id')];
        }),
      );
      return {
        providers: expr(`{ aws = aws, aws.domain = aws.${domain.name} }`),
        account_email: expr(`var.${domain.name}.account_email`),
        allowed_regions: expr('var.allowed_regions'),
        consumer_principals: principals,
        organizational_unit_id: expr('var.organizational_unit_id'),
        shares: expr(`var.${domain.name}.shares`),
      };
    }
    const lake = { lake_bucket: expr('aws_s3_bucket.lake.bucket') };
    if (domain.pattern === 'schema') return lake;
    return { ...lake, trusted_principal_arns: expr('["arn:aws:iam::${var.platform_account_id}:root"]') };
  },
  summary: {
    account:
      'an AWS Organizations account under `organizational_unit_id` with a guardrail SCP (no leaving the organisation, no audit-trail changes, allowed regions only, encrypted writes only), a KMS key, an encrypted S3 bucket, a Glue database registered with Lake Formation, and per shared product a RAM share plus Lake Formation SELECT/DESCRIBE grants to each consumer',
    workspace:
      'in the shared platform account: its own prefix of the shared lake bucket, a Glue database, an IAM role limited to both, and an Athena workgroup with a per-query scan limit',
    schema: 'a Glue database in the shared lake (its own prefix of the shared bucket)',
  },
  applyOrder(input) {
    const accounts = accountDomains(input);
    const steps = ['`terraform init`'];
    if (accounts.length > 0) {
      steps.push(
        `Create the accounts first, so the per-account providers can assume a role in them: \`terraform apply ${accounts.map((d) => `-target=module.${d.name}.aws_organizations_account.domain`).join(' ')}\``,
      );
    }
    steps.push('`terraform apply`: the shared lake, every domain module, the guardrails and the shares.');
    return steps;
  },
};
