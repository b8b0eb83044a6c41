import type {
  DomainSpec,
  JsonPath,
  LoadedContract,
  LoadedSpec,
  ProductSpec,
  RuleTarget,
  YamlFile,
} from '@meshwork/core';

/** One node a rule can be evaluated on: its kind, the CEL variables it binds and where it is written. */
export interface RuleSubject {
  readonly target: RuleTarget;
  readonly variables: Record<string, unknown>;
  readonly yaml: YamlFile;
  readonly path: JsonPath;
  /** Field located when the rule names none: what a reader looks for first. */
  readonly anchor: string;
}

/** What a product is judged on: its descriptor, contracts and file names, and its domain's spec. */
export interface ProductUnderRules {
  readonly address: string;
  readonly loaded: LoadedSpec<ProductSpec>;
  readonly contracts: readonly LoadedContract[];
  /** File names in the product folder besides product.yaml and contracts (README.md, build.sql…). */
  readonly files: readonly string[];
  readonly domain: DomainSpec | undefined;
}

/** The `mesh` variable: what rules may know of the mesh as a whole. */
export interface MeshFacts {
  readonly name: string;
  readonly domains: readonly string[];
}

/** The domain node of a domain.yaml. */
export function domainSubject(loaded: LoadedSpec<DomainSpec>, mesh: MeshFacts): RuleSubject {
  return {
    target: 'domain',
    variables: { domain: loaded.spec, mesh },
    yaml: loaded.yaml,
    path: [],
    anchor: 'name',
  };
}

/** Every node of a product: the product, each contract, each schema object, each property (nested too). */
export function* productSubjects(product: ProductUnderRules, mesh: MeshFacts): Generator<RuleSubject> {
  const domain = product.domain ?? {};
  const productValue = { ...product.loaded.spec, address: product.address, files: [...product.files] };
  yield {
    target: 'product',
    variables: { product: productValue, domain, mesh },
    yaml: product.loaded.yaml,
    path: [],
    anchor: 'id',
  };
  for (const contract of product.contracts) {
    const contractValue = contract.yaml.value as Record<string, unknown>;
    const outer = { contract: contractValue, product: productValue, domain, mesh };
    yield { target: 'contract', variables: outer, yaml: contract.yaml, path: [], anchor: 'id' };
    const objects = Array.isArray(contractValue.schema) ? (contractValue.schema as Record<string, unknown>[]) : [];
    for (const [o, object] of objects.entries()) {
      const objectPath = ['schema', o];
      yield {
        target: 'object',
        variables: { ...outer, object },
        yaml: contract.yaml,
        path: objectPath,
        anchor: 'name',
      };
      yield* propertySubjects(object.properties, [...objectPath, 'properties'], { ...outer, object }, contract.yaml);
    }
  }
}

function* propertySubjects(
  properties: unknown,
  path: JsonPath,
  outer: Record<string, unknown>,
  yaml: YamlFile,
): Generator<RuleSubject> {
  if (!Array.isArray(properties)) return;
  for (const [i, property] of (properties as Record<string, unknown>[]).entries()) {
    const at = [...path, i];
    yield { target: 'property', variables: { ...outer, property }, yaml, path: at, anchor: 'name' };
    yield* propertySubjects(property.properties, [...at, 'properties'], outer, yaml);
  }
}
