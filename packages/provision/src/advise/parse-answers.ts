import { type Diagnostic, diagnostic, parseYaml, type SourceFile } from '@meshwork/core';
import type { TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { type AdvisorAnswers, AdvisorAnswersSchema } from './answers-schema.js';

/** The answers when they validated (`undefined` otherwise), and every finding, located in the file. */
export interface ParsedAnswers {
  readonly answers: AdvisorAnswers | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses and validates an answers file, YAML or JSON (JSON is YAML). Each problem is one diagnostic at the
 * line and column of the field, naming the field: a negative team size is
 * `answers.yaml:6:16 error answers-minimum field "domains[0].engineers" is -2; expected at least 0`.
 * Never throws on bad content.
 *
 * @example
 * parseAnswers({ path: 'answers.yaml', text: 'practitioners: 12\n...' }).answers?.practitioners // 12
 */
export function parseAnswers(file: SourceFile): ParsedAnswers {
  const parsed = parseYaml(file);
  if (!parsed.yaml) return { answers: undefined, diagnostics: parsed.diagnostics };
  const yaml = parsed.yaml;
  const found: Diagnostic[] = [...parsed.diagnostics];
  const seen = new Set<string>();
  for (const error of Value.Errors(AdvisorAnswersSchema, yaml.value)) {
    // A missing field also fails its type check; the "missing" finding says it once.
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    const path = pointerToPath(error.path);
    const unknown = error.type === ValueErrorType.ObjectAdditionalProperties;
    found.push(
      diagnostic({
        code: `answers-${codeOf(error)}`,
        severity: 'error',
        file: file.path,
        position: yaml.locate(path, unknown ? 'key' : 'value'),
        message: messageOf(error, fieldName(path)),
        hint: hintOf(error),
      }),
    );
  }
  found.push(...duplicateDomains(yaml.value, file, (path) => yaml.locate(path)));
  if (found.some((d) => d.severity === 'error')) return { answers: undefined, diagnostics: found };
  return { answers: yaml.value as AdvisorAnswers, diagnostics: found };
}

/** `["domains", 0, "engineers"]` → `domains[0].engineers`, the name messages use. */
export function fieldName(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the answers';
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`),
    '',
  );
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function codeOf(error: ValueError): string {
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'unknown-field';
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.ArrayMinItems:
      return 'range';
    case ValueErrorType.StringPattern:
      return 'pattern';
    case ValueErrorType.ArrayUniqueItems:
      return 'duplicate';
    default:
      return 'type';
  }
}

function messageOf(error: ValueError, field: string): string {
  const schema = error.schema as TSchema & Record<string, unknown>;
  const is = `field "${field}" is ${JSON.stringify(error.value)}`;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `field "${field}" is missing`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `field "${field}" is not a question the advisor asks`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `${is}; expected at least ${String(schema.minimum)}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `${is}; expected at most ${String(schema.maximum)}`;
    case ValueErrorType.ArrayMinItems:
      return `field "${field}" is empty; expected at least ${String(schema.minItems)} item`;
    case ValueErrorType.StringPattern:
      return `${is}, which does not match the pattern ${String(schema.pattern)}`;
    case ValueErrorType.ArrayUniqueItems:
      return `field "${field}" lists a value twice`;
    default:
      return `${is}; expected ${expectedType(schema)}`;
  }
}

function expectedType(schema: Record<string, unknown>): string {
  const type = String(schema.type ?? 'a value');
  return type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : `a ${type}`;
}

function hintOf(error: ValueError): string | null {
  const description = (error.schema as { description?: string }).description;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    return 'Remove it; the questions are practitioners, dominantUseCaseShare, teamsWriteTests, regulatedIndustry and domains (name, engineers, compliance, needsComputeIsolation, independentDeploys).';
  }
  return description ? `The question: ${description}` : null;
}

function duplicateDomains(
  value: unknown,
  file: SourceFile,
  locate: (path: (string | number)[]) => { line: number; column: number },
): Diagnostic[] {
  const domains = (value as { domains?: unknown } | null)?.domains;
  if (!Array.isArray(domains)) return [];
  const first = new Map<string, number>();
  const out: Diagnostic[] = [];
  domains.forEach((d, i) => {
    const name = (d as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else
      out.push(
        diagnostic({
          code: 'answers-duplicate',
          severity: 'error',
          file: file.path,
          position: locate(['domains', i, 'name']),
          message: `field "domains[${i}].name" is "${name}", which domains[${earlier}] already answers for`,
          hint: 'Answer once per domain: merge the two entries.',
        }),
      );
  });
  return out;
}
