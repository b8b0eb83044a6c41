import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OdcsContract } from '../contract/contract-types.js';
import { diffContracts } from './contract-diff.js';

const base: OdcsContract = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'c',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'orders',
      properties: [
        { name: 'id', logicalType: 'integer', required: true },
        { name: 'amount', logicalType: 'number', logicalTypeOptions: { minimum: 0, maximum: 100 } },
        { name: 'email', logicalType: 'string', classification: 'pii', logicalTypeOptions: { maxLength: 50 } },
        {
          name: 'status',
          logicalType: 'string',
          quality: [{ metric: 'invalidValues', arguments: { validValues: ['open', 'paid'] }, mustBe: 0 }],
        },
      ],
    },
  ],
  slaProperties: [
    { property: 'latency', value: 1, unit: 'd', element: 'orders.id' },
    { property: 'availability', value: 99.9, unit: 'percent' },
  ],
};

type Mutable = { -readonly [K in keyof OdcsContract]: OdcsContract[K] };
function change(edit: (c: Mutable & { schema: { name: string; properties: Record<string, unknown>[] }[] }) => void) {
  const copy = structuredClone(base) as Parameters<typeof edit>[0];
  edit(copy);
  return diffContracts(base, copy).map((c) => [c.code, c.severity, c.location]);
}
const prop = (c: { schema: { properties: Record<string, unknown>[] }[] }, name: string) =>
  c.schema[0]?.properties.find((p) => p.name === name) as Record<string, unknown>;

describe('diffContracts', () => {
  it('finds nothing between equal contracts', () => {
    expect(diffContracts(base, structuredClone(base))).toEqual([]);
  });

  it.each([
    [
      'removing a property',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => c.schema[0]?.properties.splice(1, 1),
      [['property-removed', 'breaking', 'orders.amount']],
    ],
    [
      'removing an object',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => c.schema.splice(0, 1),
      [['object-removed', 'breaking', 'orders']],
    ],
    [
      'changing a type',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'amount').logicalType = 'string';
      },
      [['type-changed', 'breaking', 'orders.amount']],
    ],
    [
      'optional → required',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'amount').required = true;
      },
      [['required-added', 'breaking', 'orders.amount']],
    ],
    [
      'adding unique',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'email').unique = true;
      },
      [['unique-added', 'breaking', 'orders.email']],
    ],
    [
      'narrowing a bound',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'amount').logicalTypeOptions = { minimum: 10, maximum: 100 };
      },
      [['bounds-narrowed', 'breaking', 'orders.amount']],
    ],
    [
      'narrowing a length',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'email').logicalTypeOptions = { maxLength: 20 };
      },
      [['length-narrowed', 'breaking', 'orders.email']],
    ],
    [
      'removing a classification',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        delete prop(c, 'email').classification;
      },
      [['classification-changed', 'breaking', 'orders.email']],
    ],
    [
      'narrowing valid values',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'status').quality = [{ metric: 'invalidValues', arguments: { validValues: ['open'] }, mustBe: 0 }];
      },
      [
        ['valid-values-narrowed', 'breaking', 'orders.status'],
        ['quality-removed', 'warning', 'orders.status'],
        ['quality-added', 'info', 'orders.status'],
      ],
    ],
    [
      'weakening latency',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        c.slaProperties = [
          { property: 'latency', value: 48, unit: 'h', element: 'orders.id' },
          { property: 'availability', value: 99.9, unit: 'percent' },
        ];
      },
      [['sla-weakened', 'breaking', 'sla.latency(orders.id)']],
    ],
    [
      'strengthening latency',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        c.slaProperties = [
          { property: 'latency', value: 12, unit: 'h', element: 'orders.id' },
          { property: 'availability', value: 99.9, unit: 'percent' },
        ];
      },
      [['sla-strengthened', 'info', 'sla.latency(orders.id)']],
    ],
    [
      'adding a pattern',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'email').logicalTypeOptions = { maxLength: 50, pattern: '@' };
      },
      [['pattern-added', 'warning', 'orders.email']],
    ],
    [
      'adding an optional property',
      (c: Parameters<Parameters<typeof change>[0]>[0]) =>
        c.schema[0]?.properties.push({ name: 'note', logicalType: 'string' }),
      [['property-added', 'info', 'orders.note']],
    ],
    [
      'adding an enum',
      (c: Parameters<Parameters<typeof change>[0]>[0]) => {
        prop(c, 'email').enum = [{ value: 'a@b' }];
      },
      [['enum-added', 'breaking', 'orders.email']],
    ],
  ])('classifies %s', (_, edit, expected) => {
    expect(change(edit as Parameters<typeof change>[0])).toEqual(expected);
  });

  it('compares quality rules whatever the order of their keys (jsonb reorders them)', () => {
    const reordered = structuredClone(base) as OdcsContract;
    const status = reordered.schema?.[0]?.properties?.[3] as { quality?: object[] };
    status.quality = [{ mustBe: 0, arguments: { validValues: ['open', 'paid'] }, metric: 'invalidValues' }];
    expect(diffContracts(base, reordered)).toEqual([]);
  });

  it('puts breaking changes first', () => {
    const after = structuredClone(base) as Mutable;
    after.schema = [
      {
        ...(base.schema?.[0] as object),
        description: 'new',
        properties: [{ name: 'id', logicalType: 'string', required: true }],
      } as never,
    ];
    const severities = diffContracts(base, after).map((c) => c.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['breaking', 'warning', 'info'].indexOf(a) - ['breaking', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(severities[0]).toBe('breaking');
  });

  it('never throws on arbitrary property edits and always says where', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'logicalType',
            'required',
            'unique',
            'classification',
            'logicalTypeOptions',
            'description',
            'enum',
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        (edit) => {
          const after = structuredClone(base) as Mutable;
          const schema = after.schema as unknown as { properties: Record<string, unknown>[] }[];
          Object.assign(schema[0]?.properties[1] ?? {}, edit);
          for (const c of diffContracts(base, after)) expect(c.location.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
