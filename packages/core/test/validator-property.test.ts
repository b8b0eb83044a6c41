import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Diagnostic, validateContract } from '../src/index.js';

const examples = join(import.meta.dirname, 'fixtures', 'odcs-examples');
const seeds = [
  'all/full-example.odcs.yaml',
  'quality/column-completeness.odcs.yaml',
  'references/relationships.odcs.yaml',
]
  .map((f) => readFileSync(join(examples, f), 'utf8'))
  .concat(
    readFileSync(
      join(import.meta.dirname, '../../../examples/acme/domains/marketing/products/customers/customers.odcs.yaml'),
      'utf8',
    ),
  );

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a node in a JSON value. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'delete' | 'replace' | 'add'; pick: number; key: string; value: Json };

function mutate(doc: Json, m: Mutation): Json {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.pick % all.length];
  if (!path) return copy;
  let parent = copy as Record<string | number, Json>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.kind === 'replace') parent[last] = m.value;
  else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, Json>)[m.key] = m.value;
  }
  return copy;
}

function expectLocated(diagnostics: readonly Diagnostic[], text: string) {
  const lines = text.split('\n').length;
  for (const d of diagnostics) {
    expect(d.file).toBe('fuzz.odcs.yaml');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.code).toMatch(/^[a-z][a-z0-9-]*$/);
  }
}

const mutation = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'add') as fc.Arbitrary<Mutation['kind']>,
  pick: fc.nat(),
  key: fc.oneof(fc.constantFrom('qualty', 'schema', 'name', 'logicalType', 'id'), fc.string({ maxLength: 8 })),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
});

describe('validator under random mutation', () => {
  it('never throws and locates every finding, for structural mutations of valid contracts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const doc = mutations.reduce((d, m) => mutate(d, m), parse(seed) as Json);
        const text = stringify(doc);
        const { diagnostics } = validateContract({ path: 'fuzz.odcs.yaml', text });
        expectLocated(diagnostics, text);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and locates every finding, for text edits of valid contracts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.nat(),
        fc.nat({ max: 20 }),
        fc.string({
          maxLength: 6,
          unit: fc.constantFrom(':', '-', ' ', '\t', '\n', '"', "'", '[', '{', '&', '*', 'a', '#'),
        }),
        (seed, at, remove, insert) => {
          const pos = at % (seed.length + 1);
          const text = seed.slice(0, pos) + insert + seed.slice(pos + remove);
          const { diagnostics } = validateContract({ path: 'fuzz.odcs.yaml', text });
          expectLocated(diagnostics, text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
