import {
  type Diagnostic,
  diagnostic,
  didYouMeanHint,
  type Mesh,
  type Position,
  type Rule,
  type RulePackFile,
  type RuleSeverity,
  type YamlFile,
} from '@meshwork/core';
import { type CelProgram, compileCel, isCelProblem, TARGET_VARIABLES } from './cel.js';

/** A rule ready to evaluate, with where it was written (its findings' hints point back at nothing else). */
export interface CompiledRule {
  readonly rule: Rule;
  /** Effective severity: the rule's own, or a domain's tightening of it. */
  readonly severity: RuleSeverity;
  readonly when: CelProgram | undefined;
  readonly check: CelProgram;
  /** The message split at `{{ … }}` placeholders: text, program, text, … */
  readonly message: readonly (string | CelProgram)[];
  /** `global`, or the domain whose pack defines it. */
  readonly owner: string;
  readonly file: string;
  readonly position: Position;
}

/** The rules in force: the global ones for every domain, each domain's view with its own rules and tightenings. */
export interface RuleSet {
  readonly global: readonly CompiledRule[];
  /** Rules in force for a domain; a domain without a pack sees the global rules. */
  forDomain(domain: string): readonly CompiledRule[];
  readonly diagnostics: readonly Diagnostic[];
}

const RANK: Record<RuleSeverity, number> = { warn: 1, error: 2 };
const PLACEHOLDER = /\{\{(.*?)\}\}/g;

/**
 * Compiles the mesh's rule packs. Global packs define rules; domain packs may add rules and raise the
 * severity of global ones (`tighten`), never replace or relax them: each attempt is an error naming the
 * global rule. Every CEL expression is parsed and type-checked here, so a broken rule fails at validate.
 */
export function compileRules(packs: Mesh['rulePacks']): RuleSet {
  const diagnostics: Diagnostic[] = [];
  const global = new Map<string, CompiledRule>();
  const globalPacks = packs.filter((p) => p.scope.kind === 'global');
  const domainPacks = packs.filter((p) => p.scope.kind === 'domain');
  for (const pack of globalPacks) {
    for (const compiled of compilePack(pack, 'global', diagnostics)) {
      if (duplicate(global, compiled, diagnostics)) continue;
      global.set(compiled.rule.id, compiled);
    }
  }
  const byDomain = new Map<string, Map<string, CompiledRule>>();
  for (const pack of domainPacks) {
    if (pack.scope.kind !== 'domain') continue;
    const domain = pack.scope.domain;
    const own = byDomain.get(domain) ?? new Map(global);
    byDomain.set(domain, own);
    const { yaml } = pack.loaded;
    for (const compiled of compilePack(pack, domain, diagnostics)) {
      const clash = global.get(compiled.rule.id);
      if (clash) {
        diagnostics.push(
          diagnostic({
            code: 'rule-overrides-global',
            severity: 'error',
            file: compiled.file,
            position: compiled.position,
            message: `domain ${domain} redefines the global rule "${clash.rule.id}" (${clash.file}); a domain may add rules and tighten global ones, never replace them`,
            hint: `Give the domain rule its own id (for example ${domain}-${clash.rule.id}), or raise the global rule's severity with \`tighten: [{ rule: ${clash.rule.id}, severity: error }]\`.`,
          }),
        );
        continue;
      }
      if (duplicate(own, compiled, diagnostics)) continue;
      own.set(compiled.rule.id, compiled);
    }
    (pack.loaded.spec.tighten ?? []).forEach((t, i) => {
      const position = yaml.locate(['tighten', i, 'rule']);
      const base = global.get(t.rule);
      if (!base) {
        diagnostics.push(
          diagnostic({
            code: 'rule-tighten-unknown',
            severity: 'error',
            file: yaml.file.path,
            position,
            message: `domain ${domain} tightens "${t.rule}", which is not a global rule`,
            hint: didYouMeanHint(t.rule, global.keys()) ?? `Global rules: ${[...global.keys()].join(', ') || 'none'}.`,
          }),
        );
        return;
      }
      if (RANK[t.severity] < RANK[base.severity]) {
        diagnostics.push(
          diagnostic({
            code: 'rule-relaxes-global',
            severity: 'error',
            file: yaml.file.path,
            position: yaml.locate(['tighten', i, 'severity']),
            message: `domain ${domain} lowers the global rule "${t.rule}" from ${base.severity} to ${t.severity}; domains may only raise a global rule's severity`,
            hint: `Remove this entry, or ask the governance group to change "${t.rule}" in ${base.file}.`,
          }),
        );
        return;
      }
      own.set(t.rule, { ...base, severity: t.severity });
    });
  }
  const globalRules = [...global.values()];
  return {
    global: globalRules,
    forDomain: (domain) => [...(byDomain.get(domain)?.values() ?? globalRules)],
    diagnostics,
  };
}

function duplicate(seen: Map<string, CompiledRule>, rule: CompiledRule, diagnostics: Diagnostic[]): boolean {
  const first = seen.get(rule.rule.id);
  if (!first || first.owner !== rule.owner) return false;
  diagnostics.push(
    diagnostic({
      code: 'rule-duplicate-id',
      severity: 'error',
      file: rule.file,
      position: rule.position,
      message: `rule id "${rule.rule.id}" is defined twice (first at ${first.file}:${first.position.line})`,
      hint: 'Rule ids are the codes of their findings; give each rule its own.',
    }),
  );
  return true;
}

function compilePack(pack: RulePackFile, owner: string, diagnostics: Diagnostic[]): CompiledRule[] {
  const { yaml, spec } = pack.loaded;
  const out: CompiledRule[] = [];
  (spec.rules ?? []).forEach((rule, i) => {
    const before = diagnostics.length;
    const compile = (field: 'when' | 'check', text: string) => compileField(yaml, [i, field], text, rule, diagnostics);
    const check = compile('check', rule.check);
    const when = rule.when === undefined ? undefined : compile('when', rule.when);
    const message = compileMessage(yaml, i, rule, diagnostics);
    if (diagnostics.length > before || !check || (rule.when !== undefined && !when)) return;
    out.push({
      rule,
      severity: rule.severity,
      when,
      check,
      message,
      owner,
      file: yaml.file.path,
      position: yaml.locate(['rules', i, 'id']),
    });
  });
  return out;
}

function compileField(
  yaml: YamlFile,
  [index, field]: [number, string],
  text: string,
  rule: Rule,
  diagnostics: Diagnostic[],
): CelProgram | undefined {
  const program = compileCel(text, rule.target);
  if (!isCelProblem(program)) return program;
  const at = yaml.locate(['rules', index, field]);
  // A plain or quoted one-line scalar: the offset in the expression is an offset in the line.
  const oneLine = !text.includes('\n') && program.offset !== undefined;
  const quoted = /^["']/.test(lineAt(yaml.file.text, at.line).slice(at.column - 1));
  diagnostics.push(
    diagnostic({
      code: program.kind === 'syntax' ? 'rule-cel-syntax' : 'rule-cel-type',
      severity: 'error',
      file: yaml.file.path,
      position: oneLine ? { line: at.line, column: at.column + (quoted ? 1 : 0) + (program.offset ?? 0) } : at,
      message: `rule "${rule.id}": \`${field}\` is not valid CEL: ${program.message}`,
      hint:
        program.kind === 'type' && /Unknown variable/i.test(program.message)
          ? `A ${rule.target} rule sees ${TARGET_VARIABLES[rule.target].join(', ')}; change the target or the expression.`
          : 'Fix the expression; docs/policies.md lists the variables and functions rules may use.',
    }),
  );
  return undefined;
}

function compileMessage(yaml: YamlFile, index: number, rule: Rule, diagnostics: Diagnostic[]): (string | CelProgram)[] {
  const parts: (string | CelProgram)[] = [];
  let last = 0;
  for (const match of rule.message.matchAll(PLACEHOLDER)) {
    parts.push(rule.message.slice(last, match.index));
    const program = compileField(yaml, [index, 'message'], (match[1] ?? '').trim(), rule, diagnostics);
    if (program) parts.push(program);
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(rule.message.slice(last));
  return parts;
}

function lineAt(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}
