import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { CLOUDS, type Cloud, type GeneratedFile, generateTerraform, provisionInputFromMesh } from '../src/index.js';
import { acmeMesh } from './acme-mesh.js';

const input = provisionInputFromMesh(acmeMesh());
const generated = Object.fromEntries(CLOUDS.map((c) => [c, generateTerraform(input, c)])) as Record<
  Cloud,
  GeneratedFile[]
>;
const GOLDEN = join(import.meta.dirname, 'fixtures', 'golden');

type Json = Record<string, unknown>;
const parsed = new Map<string, Json>();
async function hcl(cloud: Cloud, path: string): Promise<Json> {
  const key = `${cloud}/${path}`;
  let json = parsed.get(key);
  if (!json) {
    const file = generated[cloud].find((f) => f.path === path);
    if (!file) throw new Error(`${key} was not generated`);
    json = (await parse(path, file.text)) as Json;
    parsed.set(key, json);
  }
  return json;
}
/** The resources of a file: type → name → attributes. */
async function resources(cloud: Cloud, path: string): Promise<Record<string, Record<string, Json>>> {
  const r = ((await hcl(cloud, path)).resource ?? {}) as Record<string, Record<string, Json[]>>;
  return Object.fromEntries(
    Object.entries(r).map(([type, byName]) => [
      type,
      Object.fromEntries(Object.entries(byName).map(([n, v]) => [n, v[0] as Json])),
    ]),
  );
}

describe('Terraform for the example mesh', () => {
  it.each(CLOUDS)('%s: every .tf and .tfvars file parses as HCL', async (cloud) => {
    const files = generated[cloud].filter((f) => f.path.endsWith('.tf') || f.path.endsWith('.tfvars'));
    expect(files.length).toBe(18);
    for (const f of files) await expect(hcl(cloud, f.path)).resolves.toBeTypeOf('object');
  });

  it.each(CLOUDS)(
    '%s: one module per pattern, a tfvars file per domain, a module instance per domain',
    async (cloud) => {
      const paths = generated[cloud].map((f) => f.path);
      for (const pattern of ['account', 'workspace', 'schema']) {
        for (const file of ['main.tf', 'variables.tf', 'outputs.tf'])
          expect(paths).toContain(`modules/${pattern}/${file}`);
      }
      expect(paths).toEqual(
        expect.arrayContaining(['finance.auto.tfvars', 'logistics.auto.tfvars', 'marketing.auto.tfvars']),
      );
      const modules = (await hcl(cloud, 'main.tf')).module as Record<string, Json[]>;
      expect(Object.fromEntries(Object.entries(modules).map(([n, [m]]) => [n, (m as Json).source]))).toEqual({
        finance: './modules/account',
        logistics: './modules/workspace',
        marketing: './modules/schema',
      });
      const finance = (await hcl(cloud, 'finance.auto.tfvars')).finance as Json;
      expect(finance).toMatchObject({
        compliance: ['gdpr-eu', 'sox'],
        cost_center: 'CC-2200',
        data_products: ['invoices', 'revenue_by_channel'],
        shares: { invoices: ['logistics'] },
      });
      const readme = generated[cloud].find((f) => f.path === 'README.md')?.text ?? '';
      expect(readme).toContain('## Apply order');
      expect(readme).toContain('Terraform itself is not installed');
    },
  );

  const expected: Record<Cloud, Record<string, string[]>> = {
    aws: {
      account: [
        'aws_organizations_account',
        'aws_organizations_policy',
        'aws_organizations_policy_attachment',
        'aws_s3_bucket',
        'aws_glue_catalog_database',
        'aws_lakeformation_resource',
        'aws_lakeformation_permissions',
        'aws_ram_resource_share',
        'aws_ram_principal_association',
      ],
      workspace: ['aws_s3_object', 'aws_glue_catalog_database', 'aws_iam_role', 'aws_athena_workgroup'],
      schema: ['aws_glue_catalog_database'],
    },
    azure: {
      account: [
        'azurerm_subscription',
        'azurerm_management_group_subscription_association',
        'azurerm_subscription_policy_assignment',
        'azurerm_databricks_workspace',
        'azurerm_storage_account',
        'databricks_share',
        'databricks_recipient',
      ],
      workspace: ['azurerm_databricks_workspace', 'databricks_metastore_assignment'],
      schema: ['databricks_schema'],
    },
    gcp: {
      account: [
        'google_project',
        'google_org_policy_policy',
        'google_bigquery_dataset',
        'google_bigquery_dataset_access',
        'google_bigquery_analytics_hub_data_exchange',
        'google_bigquery_analytics_hub_listing',
      ],
      workspace: ['google_bigquery_dataset', 'google_bigquery_reservation', 'google_bigquery_reservation_assignment'],
      schema: ['google_bigquery_dataset', 'google_bigquery_dataset_access'],
    },
  };
  const cases = CLOUDS.flatMap((cloud) =>
    (['account', 'workspace', 'schema'] as const).map((pattern) => ({ cloud, pattern })),
  );

  it.each(cases)(
    '$cloud $pattern: the resources the pattern needs, tagged with domain and cost_center',
    async ({ cloud, pattern }) => {
      const found = await resources(cloud, `modules/${pattern}/main.tf`);
      expect(Object.keys(found)).toEqual(expect.arrayContaining(expected[cloud][pattern] ?? []));
      const tagKey = cloud === 'gcp' ? 'labels' : 'tags';
      const locals = ((await hcl(cloud, `modules/${pattern}/main.tf`)).locals as Json[])[0] as Json;
      expect(Object.keys(locals[tagKey] as Json).sort()).toEqual(['cost_center', 'domain']);
      // Every resource that takes tags carries them; per-product ones add data_product.
      let perProduct = 0;
      for (const byName of Object.values(found)) {
        for (const attrs of Object.values(byName)) {
          const tags = attrs[tagKey];
          if (tags === undefined) continue;
          expect(String(tags)).toMatch(/local\.(tags|labels)/);
          if (String(tags).includes('data_product = each.key')) perProduct++;
        }
      }
      if (!(cloud === 'azure')) expect(perProduct).toBeGreaterThan(0);
    },
  );

  it('AWS account: the SCP is attached to the account, shares go to the consumers by account', async () => {
    const r = await resources('aws', 'modules/account/main.tf');
    expect(r.aws_organizations_policy?.guardrails?.type).toBe('SERVICE_CONTROL_POLICY');
    expect(r.aws_organizations_policy_attachment?.guardrails?.target_id).toBe('${aws_organizations_account.domain.id}');
    expect(r.aws_lakeformation_permissions?.consumer?.permissions).toEqual(['DESCRIBE', 'SELECT']);
    const finance = ((await hcl('aws', 'main.tf')).module as Record<string, Json[]>).finance?.[0] as Json;
    expect(finance.consumer_principals).toEqual({ logistics: '${var.platform_account_id}' });
  });

  it('Azure account: policy assignments for locations and the cost_center tag; Delta Sharing per shared product', async () => {
    const r = await resources('azure', 'modules/account/main.tf');
    expect(Object.keys(r.azurerm_subscription_policy_assignment ?? {})).toEqual([
      'allowed_locations',
      'require_cost_center',
    ]);
    expect(r.databricks_share?.product?.for_each).toBe('${var.shares}');
    expect(r.azurerm_storage_account?.data?.is_hns_enabled).toBe(true);
  });

  it('GCP: a project in the folder with org policies for account; a reservation per workspace domain', async () => {
    const account = await resources('gcp', 'modules/account/main.tf');
    expect(account.google_project?.domain?.folder_id).toBe('${var.folder_id}');
    expect(Object.keys(account.google_org_policy_policy ?? {}).sort()).toEqual([
      'no_service_account_keys',
      'resource_locations',
    ]);
    const workspace = await resources('gcp', 'modules/workspace/main.tf');
    expect(workspace.google_bigquery_reservation_assignment?.domain?.job_type).toBe('QUERY');
  });

  it('is deterministic: generating twice gives the same bytes', () => {
    for (const cloud of CLOUDS) {
      expect(generateTerraform(provisionInputFromMesh(acmeMesh()), cloud)).toEqual(generated[cloud]);
    }
  });

  it('matches the golden files (MESHWORK_UPDATE_GOLDEN=1 rewrites them)', () => {
    if (process.env.MESHWORK_UPDATE_GOLDEN === '1') {
      rmSync(GOLDEN, { recursive: true, force: true });
      for (const cloud of CLOUDS) {
        for (const f of generated[cloud]) {
          const path = join(GOLDEN, cloud, f.path);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, f.text);
        }
      }
    }
    const onDisk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? onDisk(join(dir, e.name)) : [join(dir, e.name)],
      );
    for (const cloud of CLOUDS) {
      const root = join(GOLDEN, cloud);
      expect(
        onDisk(root)
          .map((p) => relative(root, p))
          .sort(),
      ).toEqual(generated[cloud].map((f) => f.path));
      for (const f of generated[cloud])
        expect(f.text, `${cloud}/${f.path}`).toBe(readFileSync(join(root, f.path), 'utf8'));
    }
  });

  it('names the unknown cloud', () => {
    expect(() => generateTerraform(input, 'ibm' as Cloud)).toThrow(
      'unknown cloud "ibm"; expected one of aws, azure, gcp',
    );
  });
});
