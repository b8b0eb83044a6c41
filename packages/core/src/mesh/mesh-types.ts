import type { LoadedContract } from '../contract/validate-contract.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../yaml/source-file.js';
import type { ClassificationTaxonomy, DomainSpec, MeshConfig, ProductSpec, RulePack } from './mesh-schemas.js';
import type { LoadedSpec } from './validate-spec.js';

/** A file handed to the loader, or the diagnostic that says why it could not be read. */
export type SourceInput = SourceFile | Diagnostic;

/** True when a source input is a read failure rather than a file. */
export function isReadFailure(input: SourceInput): input is Diagnostic {
  return 'code' in input;
}

/**
 * What the mesh loader is handed: the text of every Meshwork file, found by whoever walks the disk
 * (the CLI, the server, a test). `@meshwork/core` itself does no I/O.
 */
export interface MeshSource {
  /** The mesh root as shown to the user. */
  readonly root: string;
  readonly meshFile: SourceInput;
  /** `governance/classification.yaml`; the default taxonomy applies when there is none. */
  readonly taxonomyFile?: SourceInput | undefined;
  /** `governance/rules/*.yaml`: the global rule packs. */
  readonly ruleFiles?: readonly SourceInput[] | undefined;
  /** `governance/policies/*.cedar`: the global access guardrails. */
  readonly policyFiles?: readonly SourceInput[] | undefined;
  readonly domains: readonly DomainSource[];
}

/** One `domains/<name>/` folder. */
export interface DomainSource {
  /** The folder name, which must equal the domain's `name`. */
  readonly folder: string;
  readonly dir: string;
  /** Missing when the folder has no `domain.yaml`. */
  readonly domainFile: SourceInput | undefined;
  readonly products: readonly ProductSource[];
  /** `domains/<d>/rules/*.yaml`: the domain's own rules and tightenings. */
  readonly ruleFiles?: readonly SourceInput[] | undefined;
  /** `domains/<d>/policies/*.cedar`: the domain's access policies for its own products. */
  readonly policyFiles?: readonly SourceInput[] | undefined;
}

/** One `domains/<domain>/products/<name>/` folder. */
export interface ProductSource {
  readonly folder: string;
  readonly dir: string;
  readonly productFile: SourceInput | undefined;
  /** Every `*.odcs.yaml` (or `.yml`) file in the folder. */
  readonly contracts: readonly SourceInput[];
  /** Names of all other files in the folder (for `build.sql`, `README.md`). */
  readonly files: readonly string[];
}

/** A loaded mesh: what validated, plus everything needed to locate later findings. */
export interface Mesh {
  readonly root: string;
  readonly config: LoadedSpec<MeshConfig> | undefined;
  /** The classification levels in rank order (the file's, or the default taxonomy). */
  readonly taxonomy: ClassificationTaxonomy;
  readonly domains: readonly Domain[];
  readonly products: readonly Product[];
  /** Addresses (from folder names) of products whose files did not validate; references to them are not reported again. */
  readonly failed: readonly string[];
  /** Rule packs that passed their schema: the governance group's (`scope: 'global'`) and each domain's. */
  readonly rulePacks: readonly RulePackFile[];
  /** Cedar policy files, read but not yet parsed (that needs the Cedar engine, in @meshwork/governance). */
  readonly policyFiles: readonly PolicyFile[];
}

/** Who a governance file belongs to: the governance group, or a domain by name. */
export type GovernanceScope = { readonly kind: 'global' } | { readonly kind: 'domain'; readonly domain: string };

/** A rule pack file that passed its schema. */
export interface RulePackFile {
  readonly scope: GovernanceScope;
  readonly loaded: LoadedSpec<RulePack>;
}

/** A Cedar policy file. */
export interface PolicyFile {
  readonly scope: GovernanceScope;
  readonly file: SourceFile;
}

/** A domain that validated. */
export interface Domain {
  readonly name: string;
  readonly dir: string;
  readonly loaded: LoadedSpec<DomainSpec>;
}

/** A product that validated, with its contracts. */
export interface Product {
  /** `domain.product`. */
  readonly address: string;
  readonly domain: string;
  readonly id: string;
  readonly dir: string;
  readonly loaded: LoadedSpec<ProductSpec>;
  readonly contracts: readonly LoadedContract[];
  readonly files: readonly string[];
}
