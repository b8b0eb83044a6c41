import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { type Diagnostic, diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import { createAjv } from '../schema/ajv.js';
import { collectPropertyNames, schemaDiagnostics } from '../schema/schema-diagnostics.js';
import type { SourceFile } from '../yaml/source-file.js';
import { parseYaml, type YamlFile } from '../yaml/yaml-file.js';
import {
  type ClassificationTaxonomy,
  ClassificationTaxonomySchema,
  type DomainSpec,
  DomainSpecSchema,
  type MeshConfig,
  MeshConfigSchema,
  type ProductSpec,
  ProductSpecSchema,
  type RulePack,
  RulePackSchema,
} from './mesh-schemas.js';

/** A Meshwork file that passed its schema: the typed value and its source. */
export interface LoadedSpec<T> {
  readonly yaml: YamlFile;
  readonly spec: T;
}

/** The kinds of Meshwork file and what messages call their root. */
export const SPEC_KINDS = {
  mesh: { schema: MeshConfigSchema, label: 'the mesh file' },
  domain: { schema: DomainSpecSchema, label: 'the domain' },
  product: { schema: ProductSpecSchema, label: 'the product descriptor' },
  taxonomy: { schema: ClassificationTaxonomySchema, label: 'the classification taxonomy' },
  rules: { schema: RulePackSchema, label: 'the rule pack' },
} as const;
export type SpecKind = keyof typeof SPEC_KINDS;

const compiled = new Map<SpecKind, { validate: ValidateFunction; knownKeys: Set<string> }>();

function validatorFor(kind: SpecKind) {
  let entry = compiled.get(kind);
  if (!entry) {
    const schema: TSchema = SPEC_KINDS[kind].schema;
    entry = { validate: createAjv().compile(schema), knownKeys: collectPropertyNames(schema) };
    compiled.set(kind, entry);
  }
  return entry;
}

/**
 * Parses and validates `meshwork.yaml`, `domain.yaml` or `product.yaml` against its schema. Returns the
 * typed value only when there is no error.
 */
export function validateSpec<K extends SpecKind>(
  kind: K,
  file: SourceFile,
): { loaded: LoadedSpec<SpecType<K>> | undefined; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(file);
  if (!parsed.yaml) return { loaded: undefined, diagnostics: parsed.diagnostics };
  const yaml = parsed.yaml;
  const diagnostics = [...parsed.diagnostics];
  const { label } = SPEC_KINDS[kind];
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    diagnostics.push(
      diagnostic({
        code: 'spec-not-a-mapping',
        severity: 'error',
        file: file.path,
        message: `${label} is ${yaml.value == null ? 'empty' : 'not a YAML mapping'}`,
        hint: `Start it with \`apiVersion: meshwork/v1\`; \`meshwork init\` writes a complete example.`,
      }),
    );
    return { loaded: undefined, diagnostics };
  }
  const { validate, knownKeys } = validatorFor(kind);
  if (!validate(yaml.value)) {
    diagnostics.push(
      ...schemaDiagnostics(yaml, validate.errors ?? [], {
        documentLabel: label,
        knownKeys,
        rootSchema: SPEC_KINDS[kind].schema,
      }),
    );
  }
  if (hasErrors(diagnostics)) return { loaded: undefined, diagnostics };
  return { loaded: { yaml, spec: yaml.value as SpecType<K> }, diagnostics };
}

/** The static type of each kind of file. */
export type SpecType<K extends SpecKind> = K extends 'mesh'
  ? MeshConfig
  : K extends 'domain'
    ? DomainSpec
    : K extends 'taxonomy'
      ? ClassificationTaxonomy
      : K extends 'rules'
        ? RulePack
        : ProductSpec;
