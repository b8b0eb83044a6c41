import type { IsolationPattern } from '@meshwork/core';
import type { HclBlock, HclValue } from './hcl.js';
import type { Cloud, ProvisionDomain, ProvisionInput } from './provision-input.js';

/** One Terraform module: its three files. */
export interface ModuleFiles {
  readonly main: readonly HclBlock[];
  readonly variables: readonly HclBlock[];
  readonly outputs: readonly HclBlock[];
}

/** A root variable shared by every domain (region, organisation ids), with the value written for it. */
export interface PlatformVariable {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  /** The value in `platform.auto.tfvars`: a sensible default, or a placeholder to replace. */
  readonly value: HclValue;
}

/**
 * What differs between clouds: providers, the three pattern modules, how the root wires a domain's module
 * instance, and the README's words. The generator does the rest the same way for every cloud.
 */
export interface CloudTarget {
  readonly cloud: Cloud;
  readonly title: string;
  /** `required_providers` entries: local name → { source, version }. */
  readonly requiredProviders: Readonly<Record<string, { source: string; version: string }>>;
  readonly platformVariables: readonly PlatformVariable[];
  readonly modules: Readonly<Record<IsolationPattern, ModuleFiles>>;
  /** Provider configurations of the root module (with an alias per domain where the cloud needs one). */
  providers(input: ProvisionInput): HclBlock[];
  /** Shared platform resources of the root module (a shared lake, a shared workspace). */
  platformResources(input: ProvisionInput): HclBlock[];
  /** Cloud-specific fields of a domain's object variable (`<domain>.auto.tfvars`), with their types. */
  domainFields(domain: ProvisionDomain): Record<string, { type: string; value: HclValue }>;
  /** The attributes of the domain's `module` block besides `source` and the common fields. */
  moduleArguments(domain: ProvisionDomain, input: ProvisionInput): Record<string, HclValue>;
  /** What each pattern's module creates, for the README. */
  readonly summary: Readonly<Record<IsolationPattern, string>>;
  /** The apply order, as README steps. */
  applyOrder(input: ProvisionInput): string[];
}
