import type { ErrorObject } from 'ajv';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMeanHint } from '../diagnostics/did-you-mean.js';
import type { JsonPath, YamlFile } from '../yaml/yaml-file.js';
import { describePath, valueAt } from './describe-path.js';

/** Keywords that only say "a sub-schema failed"; the sub-schema's own errors say what. */
const COMBINATOR_KEYWORDS = new Set(['if', 'then', 'else', 'oneOf', 'anyOf', 'allOf', 'not', '$ref']);

/** Options for turning schema errors into diagnostics. */
export interface SchemaDiagnosticOptions {
  /** What the document is, for messages about its root ("the contract", "the product descriptor"). */
  readonly documentLabel: string;
  /** Every property name the schema knows, for "did you mean" when the failing schema lists none. */
  readonly knownKeys: ReadonlySet<string>;
  /** The root schema, to resolve `$ref`s when listing what an object accepts. */
  readonly rootSchema: unknown;
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
  const out: Diagnostic[] = [...alternativeRequirements(yaml, kept, options)];
  for (const error of kept) {
    if (error.keyword === 'required' && isAlternative(error.schemaPath)) continue;
    if (isConsequentialUnevaluated(error, kept, options.rootSchema)) continue;
    const d = toDiagnostic(yaml, error, options);
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/**
 * `unevaluatedProperties` flags a field the schema does declare when the branch declaring it failed for
 * another reason (ODCS's `rule` inside a library check that lacks `metric`). That other error is the one to
 * fix; repeating the field as "unknown" would mislead.
 */
function isConsequentialUnevaluated(error: ErrorObject, errors: readonly ErrorObject[], root: unknown): boolean {
  if (error.keyword !== 'unevaluatedProperties') return false;
  const key = String((error.params as { unevaluatedProperty?: unknown }).unevaluatedProperty);
  if (!schemaPropertyNames(error.parentSchema, root).has(key)) return false;
  return errors.some((other) => other !== error && other.instancePath === error.instancePath);
}

const ALTERNATIVE = /\/(anyOf|oneOf)\/\d+\//;

function isAlternative(schemaPath: string): boolean {
  return ALTERNATIVE.test(schemaPath);
}

/**
 * `anyOf: [{required: [a]}, {required: [b]}, ...]` fails with one "missing a", "missing b" per branch;
 * the user needs one sentence: "needs one of a, b, ...".
 */
function alternativeRequirements(
  yaml: YamlFile,
  errors: readonly ErrorObject[],
  options: SchemaDiagnosticOptions,
): Diagnostic[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (error.keyword !== 'required' || !isAlternative(error.schemaPath)) continue;
    const key = `${error.instancePath}|${error.schemaPath.replace(ALTERNATIVE, '/$1/*/')}`;
    groups.set(key, [...(groups.get(key) ?? []), error]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as ErrorObject;
    const path = pointerToPath(first.instancePath);
    const owner = describePath(yaml.value, path, options.documentLabel);
    const names = group.map((e) => String((e.params as { missingProperty: unknown }).missingProperty));
    return diagnostic({
      severity: options.severity ?? 'error',
      file: yaml.file.path,
      code: 'schema-required',
      position: yaml.locate(path),
      message:
        names.length === 1
          ? `${owner} is missing required field "${names[0]}"`
          : `${owner} needs one of ${listOf(names)}; none is present`,
      hint: `Add one of them, for example \`${names[0]}:\`.`,
    });
  });
}

function toDiagnostic(yaml: YamlFile, error: ErrorObject, options: SchemaDiagnosticOptions): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const severity = options.severity ?? 'error';
  const base = { severity, file: yaml.file.path } as const;
  const owner = describePath(yaml.value, path, options.documentLabel);
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
      const allowed = [...schemaPropertyNames(error.parentSchema, options.rootSchema)];
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
        message: `${describePath(yaml.value, path, options.documentLabel)} is ${JSON.stringify(value)}; expected one of ${listOf(allowed)}`,
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
        message: `${describePath(yaml.value, path, options.documentLabel)} is ${typeName(value)}; expected ${expected}`,
        hint:
          typeof value === 'number' && expected.includes('string')
            ? 'Quote the value to make it a string.'
            : `Write a value of type ${expected}.`,
      });
    }
    case 'const': {
      const value = valueAt(yaml.value, path);
      const expected = JSON.stringify(params.allowedValue);
      return diagnostic({
        ...base,
        code: 'schema-const',
        position: yaml.locate(path),
        message: `${describePath(yaml.value, path, options.documentLabel)} is ${JSON.stringify(value)}; expected ${expected}`,
        hint: `Write ${expected}.`,
      });
    }
    case 'pattern': {
      const value = valueAt(yaml.value, path);
      return diagnostic({
        ...base,
        code: 'schema-pattern',
        position: yaml.locate(path),
        message: `${describePath(yaml.value, path, options.documentLabel)} is ${JSON.stringify(value)}, which does not match the pattern ${String(params.pattern)}`,
        hint: 'Use only the characters the pattern allows.',
      });
    }
    default:
      return diagnostic({
        ...base,
        code: `schema-${error.keyword.toLowerCase()}`,
        position: yaml.locate(path),
        message: `${describePath(yaml.value, path, options.documentLabel)} ${error.message ?? 'is invalid'}`,
        hint: null,
      });
  }
}

/**
 * The property names an object schema accepts, following `allOf`/`anyOf`/`oneOf`/`then`/`else` and local
 * `$ref`s (ODCS composes its objects that way, so `properties` alone misses most of them).
 */
function schemaPropertyNames(
  schema: unknown,
  root: unknown,
  into = new Set<string>(),
  seen = new Set<unknown>(),
): Set<string> {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return into;
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') for (const name of Object.keys(s.properties)) into.add(name);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(s[key])) for (const sub of s[key] as unknown[]) schemaPropertyNames(sub, root, into, seen);
  }
  for (const key of ['then', 'else']) schemaPropertyNames(s[key], root, into, seen);
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/')) {
    const target = s.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
        root,
      );
    schemaPropertyNames(target, root, into, seen);
  }
  return into;
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
