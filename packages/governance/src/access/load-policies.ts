import type { DetailedError, PolicyJson } from '@cedar-policy/cedar-wasm/nodejs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { type Diagnostic, diagnostic, type PolicyFile, type Position } from '@meshwork/core';
import { CEDAR_SCHEMA } from './cedar-schema.js';

/** One policy of the mesh, with where it was written and who owns it. */
export interface LoadedPolicy {
  /** Its `@id("…")` annotation, or `file:line`. */
  readonly id: string;
  readonly text: string;
  readonly effect: 'permit' | 'forbid';
  /** `global`, or the domain whose folder holds it. */
  readonly owner: string;
  readonly file: string;
  readonly position: Position;
  /** Its `@description("…")` annotation, if any: the reason shown with a decision. */
  readonly description: string | undefined;
}

/** The policies that parsed and validated, and every finding. */
export interface PolicyLoad {
  readonly policies: readonly LoadedPolicy[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses every Cedar file and validates it against the Meshwork schema (strict). A domain's policies must
 * be scoped to its own products (`resource in Meshwork::Domain::"<domain>"` or one of its products): a
 * policy that reaches another domain's products, or all products, is rejected.
 */
export function loadPolicies(files: readonly PolicyFile[]): PolicyLoad {
  const policies: LoadedPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  const ids = new Map<string, LoadedPolicy>();
  for (const { scope, file } of files) {
    const owner = scope.kind === 'global' ? 'global' : scope.domain;
    const locate = locator(file.text);
    const report = (code: string, error: DetailedError, offset = 0) => {
      const start = error.sourceLocations?.[0]?.start;
      diagnostics.push(
        diagnostic({
          code,
          severity: 'error',
          file: file.path,
          position: locate(offset, start),
          message: `${error.message}${error.sourceLocations?.[0]?.label ? `: ${error.sourceLocations[0].label}` : ''}`,
          hint: error.help ?? 'See docs/policies.md for the Meshwork Cedar schema and examples.',
        }),
      );
    };
    const parsed = cedar.checkParsePolicySet({ staticPolicies: file.text });
    if (parsed.type === 'failure') {
      for (const error of parsed.errors) report('cedar-syntax', error);
      continue;
    }
    const validation = cedar.validate({
      schema: CEDAR_SCHEMA,
      policies: { staticPolicies: file.text },
      validationSettings: { mode: 'strict' },
    });
    if (validation.type === 'failure') {
      for (const error of validation.errors) report('cedar-schema', error);
      continue;
    }
    for (const { error } of validation.validationErrors) report('cedar-schema', error);
    if (validation.validationErrors.length > 0) continue;
    const parts = cedar.policySetTextToParts(file.text);
    if (parts.type === 'failure') continue; // parsed above: cannot happen
    let cursor = 0;
    for (const text of parts.policies) {
      const at = file.text.indexOf(text, cursor);
      const offset = at < 0 ? cursor : at;
      cursor = at < 0 ? cursor : at + text.length;
      const json = cedar.policyToJson(text);
      if (json.type === 'failure') continue;
      const position = locate(0, undefined, offset);
      const policy: LoadedPolicy = {
        id: json.json.annotations?.id ?? `${file.path}:${position.line}`,
        text,
        effect: json.json.effect,
        owner,
        file: file.path,
        position,
        description: json.json.annotations?.description ?? undefined,
      };
      const problem = owner === 'global' ? undefined : scopeProblem(json.json, owner);
      if (problem) {
        diagnostics.push(
          diagnostic({
            code: 'policy-scope',
            severity: 'error',
            file: file.path,
            position,
            message: `policy "${policy.id}" of domain ${owner} ${problem}`,
            hint: `Scope it to ${owner}'s products: \`resource in Meshwork::Domain::"${owner}"\` or \`resource == Meshwork::Product::"${owner}.<product>"\`. Access to other domains' products is theirs to grant.`,
          }),
        );
        continue;
      }
      const first = ids.get(policy.id);
      if (first) {
        diagnostics.push(
          diagnostic({
            code: 'policy-duplicate-id',
            severity: 'error',
            file: file.path,
            position,
            message: `policy id "${policy.id}" is used twice (first at ${first.file}:${first.position.line})`,
            hint: 'Give each policy its own @id("…"); decisions name policies by it.',
          }),
        );
        continue;
      }
      ids.set(policy.id, policy);
      policies.push(policy);
    }
  }
  return { policies, diagnostics };
}

/** Why a domain policy reaches beyond the domain's own products, or undefined when it does not. */
function scopeProblem(policy: PolicyJson, domain: string): string | undefined {
  const resource = policy.resource;
  const target =
    resource.op === '==' || resource.op === 'in'
      ? 'entity' in resource
        ? resource.entity
        : undefined
      : resource.op === 'is' && resource.in && 'entity' in resource.in
        ? resource.in.entity
        : undefined;
  const uid = target && ('__entity' in target ? target.__entity : target);
  if (!uid) return 'applies to every product of the mesh';
  const owner =
    uid.type === 'Meshwork::Domain' ? uid.id : uid.type === 'Meshwork::Product' ? uid.id.split('.')[0] : undefined;
  if (owner === domain) return undefined;
  if (owner)
    return `${policy.effect}s access to products of domain ${owner}, which only ${owner} may write policies for`;
  return `is scoped to ${uid.type}::"${uid.id}", not to the domain's products`;
}

/** Maps Cedar's byte offsets (relative to `base`) to a line and column of `text`. */
function locator(text: string): (base: number, byteOffset?: number, charOffset?: number) => Position {
  const bytes = Buffer.from(text, 'utf8');
  return (base, byteOffset, charOffset) => {
    const offset =
      charOffset ?? base + (byteOffset === undefined ? 0 : bytes.subarray(0, byteOffset).toString('utf8').length);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  };
}
