import { type Diagnostic, diagnostic } from '@meshwork/core';
import { messageOf } from './cel.js';
import type { CompiledRule } from './compile-rules.js';
import type { RuleSubject } from './rule-subjects.js';

/**
 * Evaluates `rules` on `subjects` and returns one diagnostic per violation, at the offending node, with
 * the rule id as its code and the rule's fix as its hint. A rule whose expression fails at run time
 * (a missing field read without `has()`) is reported once, as a warning at the rule, and skipped.
 */
export function evaluateRules(rules: readonly CompiledRule[], subjects: Iterable<RuleSubject>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const broken = new Set<CompiledRule>();
  const byTarget = new Map<string, CompiledRule[]>();
  for (const rule of rules) byTarget.set(rule.rule.target, [...(byTarget.get(rule.rule.target) ?? []), rule]);
  for (const subject of subjects) {
    for (const rule of byTarget.get(subject.target) ?? []) {
      if (broken.has(rule)) continue;
      try {
        if (rule.when && rule.when(subject.variables) !== true) continue;
        const result = rule.check(subject.variables);
        if (typeof result !== 'boolean') throw new Error(`\`check\` returned ${typeof result}, not a bool`);
        if (result) continue;
        const field = rule.rule.field ?? subject.anchor;
        out.push(
          diagnostic({
            code: rule.rule.id,
            severity: rule.severity === 'error' ? 'error' : 'warning',
            file: subject.yaml.file.path,
            position: subject.yaml.locate([...subject.path, field]),
            message: render(rule, subject),
            hint: rule.rule.fix,
          }),
        );
      } catch (error) {
        broken.add(rule);
        out.push(
          diagnostic({
            code: 'rule-evaluation-failed',
            severity: 'warning',
            file: rule.file,
            position: rule.position,
            message: `rule "${rule.rule.id}" failed on ${subject.yaml.file.path}:${subject.yaml.locate(subject.path).line}: ${messageOf(error)}; it was skipped`,
            hint: 'Guard optional fields with has(x.field) before reading them.',
          }),
        );
      }
    }
  }
  return out;
}

function render(rule: CompiledRule, subject: RuleSubject): string {
  return rule.message
    .map((part) => {
      if (typeof part === 'string') return part;
      try {
        const value = part(subject.variables);
        return typeof value === 'string'
          ? value
          : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
      } catch {
        return '?';
      }
    })
    .join('');
}
