import type { ErrorObject } from 'ajv';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMeanHint } from '../diagnostics/did-you-mean.js';
import type { JsonPath, YamlFile } from '../yaml/yaml-file.js';
import { describeField, describeNode, valueAt } from './describe-path.js';

/** Keywords that only say "a sub-schema failed"; the sub-schema's own errors say what. */
const COMBINATOR_KEYWORDS = new Set(['if', 'then', 'else', 'oneOf', 'anyOf', 'allOf', 'not', '$ref']);

/** Options for turning schema errors into diagnostics. */
export interface SchemaDiagnosticOptions {
  /** What the document is, for messages about its root ("the contract", "the product descriptor"). */
  readonly documentLabel: string;
  /** Every property name the schema knows, for "did you mean" when the failing schema lists none. */
  readonly knownKeys: ReadonlySet<string>;
  /** Severity to report with; `validate` is strict, `test` on a foreign contract reports warnings. */
  readonly severity?: 'error' | 'warning';
}

/**
 * Turns ajv errors into one located diagnostic per distinct problem. Errors from `oneOf`/`anyOf` branches
 * that do not apply are dropped: when a deeper error exists inside a node, a type mismatch at the node
 * itself belongs to a branch the user did not mean.
 */
export function schemaDiagnostics(
  yaml: YamlFile,
  errors: readonly ErrorObject[],
  options: SchemaDiagnosticOptions,
): Diagnostic[] {
  const relevant = errors.filter((e) => !COMBINATOR_KEYWORDS.has(e.keyword));
  const pool = relevant.length > 0 ? relevant : errors.slice(0, 1);
  const paths = pool.map((e) => pointerToPath(e.instancePath));
  const kept = pool.filter((error, i) => {
    if (error.keyword !== 'type' && error.keyword !== 'const' && error.keyword !== 'enum') return true;
    const path = paths[i] ?? [];
    // A branch mismatch at this node is noise when another error explains what is wrong inside it.
    return !pool.some(
      (other, j) =>
        j !== i &&
        other.keyword !== 'type' &&
        other.keyword !== 'const' &&
        isPrefix(path, paths[j] ?? []) &&
        (paths[j]?.length ?? 0) >= path.length &&
        !(other.keyword === 'enum' && error.keyword === 'enum'),
    );
  });
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of kept) {
    const d = toDiagnostic(yaml, error, options);
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function toDiagnostic(yaml: YamlFile, error: ErrorObject, options: SchemaDiagnosticOptions): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const severity = options.severity ?? 'error';
  const base = { severity, file: yaml.file.path } as const;
  const owner = describeNode(yaml.value, path, options.documentLabel);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return diagnostic({
        ...base,
        code: 'schema-required',
        position: yaml.locate(path),
        message: `${owner} is missing required field "${missing}"`,
        hint: `Add \`${missing}:\` to ${owner}.`,
      });
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = schemaPropertyNames(error.parentSchema);
      const hint =
        didYouMeanHint(key, allowed.length > 0 ? allowed : options.knownKeys) ??
        (allowed.length > 0
          ? `Remove it; ${owner} accepts ${listOf(allowed)}.`
          : 'Remove it, or move it under `customProperties`.');
      return diagnostic({
        ...base,
        code: 'schema-unknown-field',
        position: yaml.locate([...path, key], 'key'),
        message: `${owner} has unknown field "${key}"`,
        hint,
      });
    }
    case 'enum': {
      const allowed = ((params.allowedValues as unknown[]) ?? []).map(String);
      const value = valueAt(yaml.value, path);
      return diagnostic({
        ...base,
        code: 'schema-enum',
        position: yaml.locate(path),
        message: `${describeField(yaml.value, path, options.documentLabel)} is ${JSON.stringify(value)}; expected one of ${listOf(allowed)}`,
        hint: didYouMeanHint(String(value), allowed) ?? `Use one of ${listOf(allowed)}.`,
      });
    }
    case 'type': {
      const value = valueAt(yaml.value, path);
      const expected = String(params.type).replaceAll(',', ' or ');
      return diagnostic({
        ...base,
        code: 'schema-type',
        position: yaml.locate(path),
        message: `${describeField(yaml.value, path, options.documentLabel)} is ${typeName(value)}; expected ${expected}`,
        hint:
          typeof value === 'number' && expected.includes('string')
            ? 'Quote the value to make it a string.'
            : `Write a value of type ${expected}.`,
      });
    }
    case 'pattern': {
      const value = valueAt(yaml.value, path);
      return diagnostic({
        ...base,
        code: 'schema-pattern',
        position: yaml.locate(path),
        message: `${describeField(yaml.value, path, options.documentLabel)} is ${JSON.stringify(value)}, which does not match the pattern ${String(params.pattern)}`,
        hint: 'Use only the characters the pattern allows.',
      });
    }
    default:
      return diagnostic({
        ...base,
        code: `schema-${error.keyword.toLowerCase()}`,
        position: yaml.locate(path),
        message: `${describeField(yaml.value, path, options.documentLabel)} ${error.message ?? 'is invalid'}`,
        hint: null,
      });
  }
}

function schemaPropertyNames(schema: unknown): string[] {
  if (schema && typeof schema === 'object' && 'properties' in schema) {
    const properties = (schema as { properties?: unknown }).properties;
    if (properties && typeof properties === 'object') return Object.keys(properties);
  }
  return [];
}

/** Every property name declared anywhere in a JSON Schema: the vocabulary for "did you mean". */
export function collectPropertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) collectPropertyNames(item, into);
  } else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value)) into.add(name);
      }
      collectPropertyNames(value, into);
    }
  }
  return into;
}

function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function isPrefix(prefix: JsonPath, path: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function listOf(values: readonly string[]): string {
  return values.length > 12 ? `${values.slice(0, 12).join(', ')}, ...` : values.join(', ');
}
