import { type Diagnostic, diagnostic, hasErrors, type Severity } from '../diagnostics/diagnostic.js';
import { schemaDiagnostics } from '../schema/schema-diagnostics.js';
import type { SourceFile } from '../yaml/source-file.js';
import { parseYaml, type YamlFile } from '../yaml/yaml-file.js';
import { checkContractReferences } from './contract-references.js';
import type { OdcsContract } from './contract-types.js';
import { type OdcsSchemaVersion, odcsSchema, odcsSchemaVersionFor } from './odcs-schemas.js';

/** A contract that passed schema validation, with its source for locating later findings. */
export interface LoadedContract {
  readonly yaml: YamlFile;
  readonly spec: OdcsContract;
  readonly schemaVersion: OdcsSchemaVersion;
}

/** The outcome of validating one contract: the contract when it has no errors, and every finding. */
export interface ContractValidation {
  readonly contract: LoadedContract | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Options for contract validation. */
export interface ContractValidationOptions {
  /**
   * Severity of unresolved references inside the contract (SLA elements, relationships) and of a
   * non-semver version: `warning` for a standalone contract (the default), `error` inside a mesh.
   */
  readonly referenceSeverity?: Severity;
  /**
   * Report schema findings as warnings and return the contract anyway, as long as it is a YAML mapping.
   * For `meshwork test` on a foreign contract: an extra key on a server or a v3.1 key in a v3.0.2
   * contract should not stop its checks from running. `validate` stays strict.
   */
  readonly lenient?: boolean;
}

/**
 * Parses and validates one ODCS contract file: YAML syntax, the official JSON Schema for its `apiVersion`
 * (v3.0.x/v3.1.x against v3.1.0, v3.2.x against v3.2.0), then Meshwork's reference checks. Never throws
 * for bad content.
 *
 * @example
 * const { contract, diagnostics } = validateContract({ path: 'orders.odcs.yaml', text });
 * if (contract) console.log(contract.spec.schema?.map((o) => o.name));
 */
export function validateContract(file: SourceFile, options: ContractValidationOptions = {}): ContractValidation {
  const parsed = parseYaml(file);
  if (!parsed.yaml) return { contract: undefined, diagnostics: parsed.diagnostics };
  const result = validateContractYaml(parsed.yaml, options);
  return { contract: result.contract, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}

/** Validates an already parsed contract document (see {@link validateContract}). */
export function validateContractYaml(yaml: YamlFile, options: ContractValidationOptions = {}): ContractValidation {
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      contract: undefined,
      diagnostics: [
        diagnostic({
          code: 'contract-not-a-mapping',
          severity: 'error',
          file: yaml.file.path,
          position: yaml.locate([]),
          message:
            value === null || value === undefined
              ? 'file is empty; expected an ODCS data contract'
              : 'file is not a YAML mapping; expected an ODCS data contract',
          hint: 'Start the contract with `apiVersion: v3.1.0`, `kind: DataContract`, `id`, `version` and `status`.',
        }),
      ],
    };
  }
  const apiVersion = (value as Record<string, unknown>).apiVersion;
  const schema = odcsSchema(odcsSchemaVersionFor(apiVersion));
  const diagnostics: Diagnostic[] = [];
  if (!schema.validate(value)) {
    diagnostics.push(
      ...schemaDiagnostics(yaml, schema.validate.errors ?? [], {
        documentLabel: 'the contract',
        knownKeys: schema.knownKeys,
        rootSchema: schema.json,
        severity: options.lenient ? 'warning' : 'error',
      }),
    );
  }
  if (hasErrors(diagnostics)) return { contract: undefined, diagnostics };
  const spec = value as OdcsContract;
  diagnostics.push(...checkContractReferences(yaml, spec, options.referenceSeverity ?? 'warning'));
  return { contract: { yaml, spec, schemaVersion: schema.version }, diagnostics };
}
