import semver from 'semver';
import { validateContract } from '../contract/validate-contract.js';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { checkClassifications } from './classification-checks.js';
import { DEFAULT_TAXONOMY } from './default-taxonomy.js';
import { checkMeshReferences } from './mesh-references.js';
import {
  type Domain,
  type DomainSource,
  type GovernanceScope,
  isReadFailure,
  type Mesh,
  type MeshSource,
  type PolicyFile,
  type Product,
  type ProductSource,
  type RulePackFile,
  type SourceInput,
} from './mesh-types.js';
import { validateSpec } from './validate-spec.js';

/** The outcome of loading a mesh: every domain and product that validated, and every finding. */
export interface MeshValidation {
  readonly mesh: Mesh;
  readonly diagnostics: Diagnostic[];
}

/**
 * Loads and validates a whole mesh from the files it is handed: each file against its schema, each
 * contract against ODCS, then the references between them (input ports, output ports, contracts,
 * dependency cycles). Never throws for bad content; a domain or product with errors is left out of
 * `mesh` and its findings are in `diagnostics`.
 */
export function loadMesh(source: MeshSource): MeshValidation {
  const diagnostics: Diagnostic[] = [];
  const config = isReadFailure(source.meshFile)
    ? { loaded: undefined, diagnostics: [source.meshFile] }
    : validateSpec('mesh', source.meshFile);
  diagnostics.push(...config.diagnostics);
  let taxonomy = DEFAULT_TAXONOMY;
  if (source.taxonomyFile) {
    const result = isReadFailure(source.taxonomyFile)
      ? { loaded: undefined, diagnostics: [source.taxonomyFile] }
      : validateSpec('taxonomy', source.taxonomyFile);
    diagnostics.push(...result.diagnostics);
    if (result.loaded) taxonomy = result.loaded.spec;
  }
  const domains: Domain[] = [];
  const products: Product[] = [];
  const failed: string[] = [];
  const rulePacks: RulePackFile[] = [];
  const policyFiles: PolicyFile[] = [];
  const global: GovernanceScope = { kind: 'global' };
  loadGovernanceFiles(global, source.ruleFiles, source.policyFiles, { rulePacks, policyFiles, diagnostics });
  for (const domainSource of source.domains) {
    const domain = loadDomain(domainSource, diagnostics);
    if (domain) domains.push(domain);
    const scope: GovernanceScope = { kind: 'domain', domain: domainSource.folder };
    loadGovernanceFiles(scope, domainSource.ruleFiles, domainSource.policyFiles, {
      rulePacks,
      policyFiles,
      diagnostics,
    });
    for (const productSource of domainSource.products) {
      const product = loadProduct(productSource, domainSource.folder, diagnostics);
      if (product) products.push(product);
      else failed.push(`${domainSource.folder}.${productSource.folder}`);
    }
  }
  const mesh: Mesh = {
    root: source.root,
    config: config.loaded,
    taxonomy,
    domains,
    products,
    failed,
    rulePacks,
    policyFiles,
  };
  diagnostics.push(...checkMeshReferences(mesh), ...checkClassifications(mesh));
  return { mesh, diagnostics };
}

function loadGovernanceFiles(
  scope: GovernanceScope,
  ruleFiles: readonly SourceInput[] | undefined,
  policies: readonly SourceInput[] | undefined,
  into: { rulePacks: RulePackFile[]; policyFiles: PolicyFile[]; diagnostics: Diagnostic[] },
): void {
  for (const file of ruleFiles ?? []) {
    if (isReadFailure(file)) {
      into.diagnostics.push(file);
      continue;
    }
    const result = validateSpec('rules', file);
    into.diagnostics.push(...result.diagnostics);
    if (result.loaded) into.rulePacks.push({ scope, loaded: result.loaded });
  }
  for (const file of policies ?? []) {
    if (isReadFailure(file)) into.diagnostics.push(file);
    else into.policyFiles.push({ scope, file });
  }
}

function loadDomain(source: DomainSource, diagnostics: Diagnostic[]): Domain | undefined {
  if (!source.domainFile) {
    diagnostics.push(
      diagnostic({
        code: 'domain-file-missing',
        severity: 'error',
        file: source.dir,
        message: `domain folder "${source.folder}" has no domain.yaml`,
        hint: 'Add domain.yaml with the domain name, team, on-call contact and isolation pattern (see docs/mesh-layout.md).',
      }),
    );
    return undefined;
  }
  if (isReadFailure(source.domainFile)) {
    diagnostics.push(source.domainFile);
    return undefined;
  }
  const result = validateSpec('domain', source.domainFile);
  diagnostics.push(...result.diagnostics);
  const loaded = result.loaded;
  if (!loaded) return undefined;
  if (loaded.spec.name !== source.folder) {
    diagnostics.push(
      diagnostic({
        code: 'domain-folder-mismatch',
        severity: 'error',
        file: loaded.yaml.file.path,
        position: loaded.yaml.locate(['name']),
        message: `domain name "${loaded.spec.name}" does not match its folder "${source.folder}"`,
        hint: `Rename the folder to domains/${loaded.spec.name}/ or set \`name: ${source.folder}\`.`,
      }),
    );
    return undefined;
  }
  return { name: loaded.spec.name, dir: source.dir, loaded };
}

function loadProduct(source: ProductSource, domainFolder: string, diagnostics: Diagnostic[]): Product | undefined {
  const contracts = source.contracts.map((file) =>
    isReadFailure(file)
      ? { contract: undefined, diagnostics: [file] }
      : validateContract(file, { referenceSeverity: 'error' }),
  );
  for (const c of contracts) diagnostics.push(...c.diagnostics);
  if (!source.productFile) {
    diagnostics.push(
      diagnostic({
        code: 'product-file-missing',
        severity: 'error',
        file: source.dir,
        message: `product folder "${source.folder}" has no product.yaml`,
        hint: 'Add product.yaml with the product id, owner, output ports and their contracts (see docs/mesh-layout.md).',
      }),
    );
    return undefined;
  }
  if (isReadFailure(source.productFile)) {
    diagnostics.push(source.productFile);
    return undefined;
  }
  const result = validateSpec('product', source.productFile);
  diagnostics.push(...result.diagnostics);
  const loaded = result.loaded;
  if (!loaded) return undefined;
  const { spec, yaml } = loaded;
  const problems: Diagnostic[] = [];
  const at = (path: readonly (string | number)[]) => yaml.locate(path);
  if (spec.domain !== domainFolder) {
    problems.push(
      diagnostic({
        code: 'product-domain-mismatch',
        severity: 'error',
        file: yaml.file.path,
        position: at(['domain']),
        message: `product "${spec.id}" says domain "${spec.domain}" but sits in domains/${domainFolder}/`,
        hint: `Set \`domain: ${domainFolder}\`, or move the product folder to domains/${spec.domain}/products/.`,
      }),
    );
  }
  if (spec.id !== source.folder) {
    problems.push(
      diagnostic({
        code: 'product-folder-mismatch',
        severity: 'error',
        file: yaml.file.path,
        position: at(['id']),
        message: `product id "${spec.id}" does not match its folder "${source.folder}"`,
        hint: `Rename the folder to products/${spec.id}/ or set \`id: ${source.folder}\`; the address domain.product comes from both.`,
      }),
    );
  }
  if (!semver.valid(spec.version)) {
    problems.push(
      diagnostic({
        code: 'product-version-not-semver',
        severity: 'error',
        file: yaml.file.path,
        position: at(['version']),
        message: `product version "${spec.version}" is not a semantic version`,
        hint: 'Use MAJOR.MINOR.PATCH, for example 1.0.0.',
      }),
    );
  }
  if (spec.build && !source.files.includes(spec.build.transform)) {
    problems.push(
      diagnostic({
        code: 'product-transform-missing',
        severity: 'error',
        file: yaml.file.path,
        position: at(['build', 'transform']),
        message: `build transform "${spec.build.transform}" does not exist in ${source.dir}`,
        hint: 'Create the SQL file next to product.yaml, or correct the name.',
      }),
    );
  }
  const valid = contracts.flatMap((c) => (c.contract ? [c.contract] : []));
  spec.outputPorts.forEach((port, i) => {
    if (valid.some((c) => c.spec.id === port.contractId)) return;
    if (contracts.some((c) => !c.contract)) return; // the contract failed to load; its own errors say why
    const ids = valid.map((c) => c.spec.id);
    problems.push(
      diagnostic({
        code: 'output-port-contract-missing',
        severity: 'error',
        file: yaml.file.path,
        position: at(['outputPorts', i, 'contractId']),
        message: `output port "${port.name}" references contract "${port.contractId}", which is not in ${source.dir}`,
        hint:
          ids.length > 0
            ? `Contracts here: ${ids.join(', ')}.`
            : 'Add a *.odcs.yaml contract with this id next to product.yaml.',
      }),
    );
  });
  for (const contract of valid) {
    if (!spec.outputPorts.some((p) => p.contractId === contract.spec.id)) {
      problems.push(
        diagnostic({
          code: 'contract-unused',
          severity: 'warning',
          file: contract.yaml.file.path,
          position: contract.yaml.locate(['id']),
          message: `contract "${contract.spec.id}" is not referenced by any output port of product "${spec.id}"`,
          hint: 'Reference it from an output port (`contractId`) or remove it.',
        }),
      );
    }
  }
  diagnostics.push(...problems);
  if (problems.some((p) => p.severity === 'error' && p.code !== 'product-version-not-semver')) return undefined;
  return {
    address: `${spec.domain}.${spec.id}`,
    domain: spec.domain,
    id: spec.id,
    dir: source.dir,
    loaded,
    contracts: valid,
    files: source.files,
  };
}
