import { Environment } from '@marcbachmann/cel-js';
import type { RuleTarget } from '@meshwork/core';

/**
 * The CEL variables each rule target sees: its own node and every node that encloses it. A rule that
 * names a variable its target does not have fails to compile, so a mistake shows at validate time.
 */
export const TARGET_VARIABLES: Record<RuleTarget, readonly string[]> = {
  domain: ['domain', 'mesh'],
  product: ['product', 'domain', 'mesh'],
  contract: ['contract', 'product', 'domain', 'mesh'],
  object: ['object', 'contract', 'product', 'domain', 'mesh'],
  property: ['property', 'object', 'contract', 'product', 'domain', 'mesh'],
};

/** A compiled CEL expression: evaluates against the variables of one target. */
export type CelProgram = (context: Record<string, unknown>) => unknown;

/** Why an expression did not compile, with its offset in the expression when the parser gives one. */
export interface CelProblem {
  readonly kind: 'syntax' | 'type';
  readonly message: string;
  readonly offset: number | undefined;
}

const environments = new Map<RuleTarget, Environment>();

function environmentFor(target: RuleTarget): Environment {
  let env = environments.get(target);
  if (!env) {
    env = new Environment({ limits: { maxAstNodes: 2000, maxDepth: 50 } });
    for (const name of TARGET_VARIABLES[target]) env.registerVariable(name, 'dyn');
    environments.set(target, env);
  }
  return env;
}

/**
 * Parses and type-checks `expression` for `target`. `@marcbachmann/cel-js` is used rather than
 * `@bufbuild/cel`: measured here it parses ~13× and evaluates ~10× faster on rule-shaped expressions,
 * type-checks without evaluating (unknown variables and functions are caught at validate time) and
 * reports errors with a caret under the offending token.
 */
export function compileCel(expression: string, target: RuleTarget): CelProgram | CelProblem {
  const env = environmentFor(target);
  let program: ReturnType<Environment['parse']>;
  try {
    program = env.parse(expression);
  } catch (error) {
    return { kind: 'syntax', message: messageOf(error), offset: offsetOf(error) };
  }
  const checked = program.check();
  if (!checked.valid) return { kind: 'type', message: messageOf(checked.error), offset: undefined };
  return (context) => program(context);
}

/** True when `compileCel` returned a problem rather than a program. */
export function isCelProblem(value: CelProgram | CelProblem): value is CelProblem {
  return typeof value !== 'function';
}

/** The parser's message without its source excerpt (the diagnostic points at the source itself). */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n\n')[0] ?? text).trim();
}

function offsetOf(error: unknown): number | undefined {
  const node = (error as { node?: { pos?: unknown } } | null)?.node;
  return typeof node?.pos === 'number' ? node.pos : undefined;
}
