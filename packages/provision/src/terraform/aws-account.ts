import type { ModuleFiles } from './cloud-target.js';
import { block, call, expr, type HclBlock } from './hcl.js';
import { commonVariables, output, productTags, resource, tagLocals, variable } from './module-parts.js';

const SHARE_PAIRS =
  'flatten([for product, consumers in var.shares : [for consumer in consumers : { consumer = consumer, product = product }]])';

/** Per-product prefix markers in a bucket, tagged with the product. */
export function productPrefixes(bucket: string, prefix: string, provider?: string): HclBlock {
  return resource('aws_s3_object', 'product', {
    ...(provider ? { provider: expr(provider) } : {}),
    for_each: expr('local.product_set'),
    bucket: expr(bucket),
    content: '',
    key: expr(`"${prefix}\${each.key}/"`),
    tags: productTags('tags'),
  });
}

/** The account-per-domain module: an Organizations account with its guardrails, storage, catalog and shares. */
export const AWS_ACCOUNT_MODULE: ModuleFiles = {
  main: [
    block('terraform', [], {}, [
      block('required_providers', [], {
        aws: { configuration_aliases: expr('[aws.domain]'), source: 'hashicorp/aws' },
      }),
    ]),
    tagLocals('tags'),
    resource('aws_organizations_account', 'domain', {
      close_on_deletion: false,
      email: expr('var.account_email'),
      name: expr('"${var.name_prefix}-${var.domain}"'),
      parent_id: expr('var.organizational_unit_id'),
      role_name: 'OrganizationAccountAccessRole',
      tags: expr('local.tags'),
    }),
    resource('aws_organizations_policy', 'guardrails', {
      content: call('jsonencode', {
        Statement: [
          {
            Action: ['organizations:LeaveOrganization'],
            Effect: 'Deny',
            Resource: '*',
            Sid: 'DenyLeavingTheOrganization',
          },
          {
            Action: ['cloudtrail:DeleteTrail', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'],
            Effect: 'Deny',
            Resource: '*',
            Sid: 'DenyAuditTrailChanges',
          },
          {
            Condition: { StringNotEquals: { 'aws:RequestedRegion': expr('var.allowed_regions') } },
            Effect: 'Deny',
            NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'],
            Resource: '*',
            Sid: 'DenyRegionsOutsideTheAllowedOnes',
          },
          {
            Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
            Effect: 'Deny',
            Action: ['s3:PutObject'],
            Resource: '*',
            Sid: 'DenyUnencryptedWrites',
          },
        ],
        Version: '2012-10-17',
      }),
      description: expr('"Guardrails of the ${var.domain} domain account (compliance: ${join(", ", var.compliance)})"'),
      name: expr('"${var.name_prefix}-${var.domain}-guardrails"'),
      tags: expr('local.tags'),
      type: 'SERVICE_CONTROL_POLICY',
    }),
    resource('aws_organizations_policy_attachment', 'guardrails', {
      policy_id: expr('aws_organizations_policy.guardrails.id'),
      target_id: expr('aws_organizations_account.domain.id'),
    }),
    resource('aws_kms_key', 'data', {
      provider: expr('aws.domain'),
      description: expr('"Encrypts the ${var.domain} domain\'s data at rest"'),
      enable_key_rotation: true,
      tags: expr('local.tags'),
    }),
    resource('aws_s3_bucket', 'data', {
      provider: expr('aws.domain'),
      bucket: expr('"${var.name_prefix}-${var.domain}-data"'),
      tags: expr('local.tags'),
    }),
    resource('aws_s3_bucket_public_access_block', 'data', {
      provider: expr('aws.domain'),
      block_public_acls: true,
      block_public_policy: true,
      bucket: expr('aws_s3_bucket.data.id'),
      ignore_public_acls: true,
      restrict_public_buckets: true,
    }),
    resource(
      'aws_s3_bucket_server_side_encryption_configuration',
      'data',
      { provider: expr('aws.domain'), bucket: expr('aws_s3_bucket.data.id') },
      [
        block('rule', [], {}, [
          block('apply_server_side_encryption_by_default', [], {
            kms_master_key_id: expr('aws_kms_key.data.arn'),
            sse_algorithm: 'aws:kms',
          }),
        ]),
      ],
    ),
    productPrefixes('aws_s3_bucket.data.id', '', 'aws.domain'),
    resource('aws_glue_catalog_database', 'domain', {
      provider: expr('aws.domain'),
      location_uri: expr('"s3://${aws_s3_bucket.data.bucket}/"'),
      name: expr('var.domain'),
      tags: expr('local.tags'),
    }),
    resource('aws_lakeformation_resource', 'data', {
      provider: expr('aws.domain'),
      arn: expr('aws_s3_bucket.data.arn'),
    }),
    block('locals', [], {
      share_pairs: expr(`{ for pair in ${SHARE_PAIRS} : "\${pair.product}:\${pair.consumer}" => pair }`),
    }),
    resource('aws_ram_resource_share', 'product', {
      provider: expr('aws.domain'),
      for_each: expr('var.shares'),
      allow_external_principals: false,
      name: expr('"${var.domain}-${each.key}"'),
      tags: productTags('tags'),
    }),
    resource('aws_ram_resource_association', 'product', {
      provider: expr('aws.domain'),
      for_each: expr('var.shares'),
      resource_arn: expr('aws_glue_catalog_database.domain.arn'),
      resource_share_arn: expr('aws_ram_resource_share.product[each.key].arn'),
    }),
    resource('aws_ram_principal_association', 'consumer', {
      provider: expr('aws.domain'),
      for_each: expr('local.share_pairs'),
      principal: expr('var.consumer_principals[each.value.consumer]'),
      resource_share_arn: expr('aws_ram_resource_share.product[each.value.product].arn'),
    }),
    resource(
      'aws_lakeformation_permissions',
      'consumer',
      {
        provider: expr('aws.domain'),
        for_each: expr('local.share_pairs'),
        permissions: ['DESCRIBE', 'SELECT'],
        principal: expr('var.consumer_principals[each.value.consumer]'),
      },
      [
        block('table', [], {
          database_name: expr('aws_glue_catalog_database.domain.name'),
          name: expr('each.value.product'),
        }),
      ],
    ),
  ],
  variables: [
    ...commonVariables(),
    variable('account_email', 'string', "The e-mail of the domain's AWS account (its on-call address)."),
    variable('organizational_unit_id', 'string', 'The organizational unit the account is created in.'),
    variable('allowed_regions', 'list(string)', 'Regions the guardrail SCP allows.'),
    variable(
      'shares',
      'map(list(string))',
      'Shared products: product id → consumer domains (domain.yaml `shares`).',
      {},
    ),
    variable('consumer_principals', 'map(string)', 'Consumer domain → the AWS account id its engines run in.', {}),
  ],
  outputs: [
    output('account_id', 'aws_organizations_account.domain.id', "The domain's AWS account."),
    output('bucket', 'aws_s3_bucket.data.bucket', "The domain's data bucket."),
    output('glue_database', 'aws_glue_catalog_database.domain.name', "The domain's Glue database."),
  ],
};
