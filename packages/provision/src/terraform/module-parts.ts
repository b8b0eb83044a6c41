import { block, expr, type HclBlock, type HclValue } from './hcl.js';

/** `variable "name" { type, description, default? }`. */
export function variable(name: string, type: string, description: string, defaultValue?: HclValue): HclBlock {
  return block('variable', [name], {
    description,
    type: expr(type),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });
}

/** `output "name" { value, description }`. */
export function output(name: string, value: string, description: string): HclBlock {
  return block('output', [name], { description, value: expr(value) });
}

/** `resource "type" "name" { ... }`. */
export function resource(
  type: string,
  name: string,
  attributes: Record<string, HclValue>,
  blocks: readonly HclBlock[] = [],
): HclBlock {
  return block('resource', [type, name], attributes, blocks);
}

/** The variables every pattern module takes. */
export function commonVariables(): HclBlock[] {
  return [
    variable('domain', 'string', 'The domain name; the `domain` tag of every resource.'),
    variable('cost_center', 'string', 'The `cost_center` tag: costCenter in domain.yaml, else the domain name.'),
    variable(
      'data_products',
      'list(string)',
      "The domain's data products; the `data_product` tag of per-product resources.",
      [],
    ),
    variable('compliance', 'list(string)', "The domain's compliance regimes (domain.yaml `compliance`).", []),
    variable('name_prefix', 'string', 'Prefix of globally unique names: the mesh name.'),
  ];
}

/** `locals { tags = {...} }` with the keys chargeback groups by, under the name the cloud uses. */
export function tagLocals(name: 'tags' | 'labels', costCenter = 'var.cost_center', domain = 'var.domain'): HclBlock {
  return block('locals', [], {
    [name]: { cost_center: expr(costCenter), domain: expr(domain) },
    product_set: expr('toset(var.data_products)'),
  });
}

/** The tags of a per-product resource: the domain's plus `data_product`. */
export function productTags(name: 'tags' | 'labels'): HclValue {
  return expr(`merge(local.${name}, { data_product = each.key })`);
}
