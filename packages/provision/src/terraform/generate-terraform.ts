import { InputError, type IsolationPattern } from '@meshwork/core';
import { PATTERN_ORDER } from '../advise/patterns.js';
import { AWS } from './aws.js';
import { AZURE } from './azure.js';
import type { CloudTarget } from './cloud-target.js';
import { GCP } from './gcp.js';
import { block, expr, type HclBlock, type HclValue, renderAttributes, renderHcl } from './hcl.js';
import { variable } from './module-parts.js';
import type { Cloud, ProvisionDomain, ProvisionInput } from './provision-input.js';
import { provisionReadme } from './provision-readme.js';

/** One generated file: its path relative to the output folder, and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/** The cloud targets by name. */
export const CLOUD_TARGETS: Readonly<Record<Cloud, CloudTarget>> = { aws: AWS, azure: AZURE, gcp: GCP };

/** The type of every domain's object variable: the common fields, then the cloud's. */
function domainType(target: CloudTarget, domain: ProvisionDomain): string {
  const fields: Record<string, string> = {
    compliance: 'list(string)',
    cost_center: 'string',
    data_products: 'list(string)',
    shares: 'map(list(string))',
  };
  for (const [name, field] of Object.entries(target.domainFields(domain))) fields[name] = field.type;
  const body = Object.keys(fields)
    .sort()
    .map((k) => `${k} = ${fields[k]}`)
    .join(', ');
  return `object({ ${body} })`;
}

function domainValue(target: CloudTarget, domain: ProvisionDomain): Record<string, HclValue> {
  const value: Record<string, HclValue> = {
    compliance: [...domain.compliance],
    cost_center: domain.costCenter,
    data_products: [...domain.products],
    shares: Object.fromEntries(Object.entries(domain.shares).map(([p, c]) => [p, [...c]])),
  };
  for (const [name, field] of Object.entries(target.domainFields(domain))) value[name] = field.value;
  return value;
}

function moduleBlock(target: CloudTarget, domain: ProvisionDomain, input: ProvisionInput): HclBlock {
  const v = `var.${domain.name}`;
  return block('module', [domain.name], {
    source: `./modules/${domain.pattern}`,
    compliance: expr(`${v}.compliance`),
    cost_center: expr(`${v}.cost_center`),
    data_products: expr(`${v}.data_products`),
    domain: domain.name,
    name_prefix: expr('var.name_prefix'),
    ...target.moduleArguments(domain, input),
  });
}

/**
 * Terraform for every domain of a mesh on one cloud: one module per isolation pattern
 * (`modules/<pattern>/main.tf`, `variables.tf`, `outputs.tf`), a `<domain>.auto.tfvars` per domain, a root
 * module wiring one module instance per domain, `platform.auto.tfvars` with the cloud-wide settings, and a
 * README with the apply order. Every resource is tagged (labelled on GCP) with `domain` and `cost_center`,
 * per-product resources with `data_product` too. Pure and deterministic: the same input gives the same
 * bytes. Files are sorted by path.
 *
 * @example
 * generateTerraform(provisionInputFromMesh(mesh), 'aws').map((f) => f.path)
 * // ['README.md', 'finance.auto.tfvars', ..., 'main.tf', 'modules/account/main.tf', ...]
 */
export function generateTerraform(input: ProvisionInput, cloud: Cloud): GeneratedFile[] {
  const target = CLOUD_TARGETS[cloud];
  if (!target) throw new InputError(`unknown cloud "${String(cloud)}"; expected one of aws, azure, gcp`);
  for (const domain of input.domains) {
    if (!target.modules[domain.pattern]) {
      throw new InputError(
        `domain ${domain.name}: isolation "${domain.pattern}" has no ${target.title} module; expected one of ${PATTERN_ORDER.join(', ')}`,
      );
    }
  }
  const files: GeneratedFile[] = [];
  const add = (path: string, text: string) => files.push({ path, text });

  add(
    'versions.tf',
    renderHcl([
      block('terraform', [], { required_version: '>= 1.5.0' }, [
        block(
          'required_providers',
          [],
          Object.fromEntries(
            Object.entries(target.requiredProviders).map(([name, p]) => [
              name,
              { source: p.source, version: p.version },
            ]),
          ),
        ),
      ]),
    ]),
  );
  add('providers.tf', renderHcl(target.providers(input)));
  add(
    'variables.tf',
    renderHcl([
      variable('name_prefix', 'string', 'Prefix of globally unique names (the mesh name).'),
      ...target.platformVariables.map((p) => variable(p.name, p.type, p.description)),
      ...input.domains.map((d) =>
        variable(
          d.name,
          domainType(target, d),
          `The ${d.name} domain (${d.pattern}-per-domain), from its domain.yaml.`,
        ),
      ),
    ]),
  );
  add(
    'platform.auto.tfvars',
    renderAttributes({
      name_prefix: input.mesh,
      ...Object.fromEntries(target.platformVariables.map((p) => [p.name, p.value])),
    }),
  );
  for (const d of input.domains) add(`${d.name}.auto.tfvars`, renderAttributes({ [d.name]: domainValue(target, d) }));
  add(
    'main.tf',
    renderHcl([...target.platformResources(input), ...input.domains.map((d) => moduleBlock(target, d, input))]),
  );
  add(
    'outputs.tf',
    renderHcl(
      input.domains.map((d) =>
        block('output', [d.name], {
          description: `What the ${d.name} module created (${d.pattern}-per-domain).`,
          value: expr(`module.${d.name}`),
        }),
      ),
    ),
  );
  for (const pattern of PATTERN_ORDER as readonly IsolationPattern[]) {
    const module = target.modules[pattern];
    add(`modules/${pattern}/main.tf`, renderHcl(module.main));
    add(`modules/${pattern}/variables.tf`, renderHcl(module.variables));
    add(`modules/${pattern}/outputs.tf`, renderHcl(module.outputs));
  }
  add('README.md', provisionReadme(target, input));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
