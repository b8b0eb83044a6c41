import { validateContract } from '@meshwork/core';
import { describe, expect, it } from 'vitest';
import { checksFromContract } from './checks-from-contract.js';

const contract = (body: string) => {
  const { contract, diagnostics } = validateContract({
    path: 'c.odcs.yaml',
    text: `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n${body}`,
  });
  if (!contract) throw new Error(JSON.stringify(diagnostics));
  return contract;
};

describe('checksFromContract', () => {
  it('derives checks from constraints, quality rules and SLA properties, each located in the contract', () => {
    const c = contract(`schema:
  - name: orders
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
      - name: email
        logicalType: string
        required: true
        logicalTypeOptions:
          maxLength: 100
          pattern: '@'
      - name: amount
        logicalType: number
        logicalTypeOptions:
          minimum: 0
          exclusiveMaximum: 1000
        quality:
          - metric: nullValues
            mustBeLessThan: 5
            unit: percent
            severity: warning
      - name: created_at
        logicalType: timestamp
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
      - metric: duplicateValues
        arguments:
          properties: [email, amount]
        mustBe: 0
      - type: sql
        query: SELECT count(*) FROM \${object} WHERE amount < 0
        mustBe: 0
slaProperties:
  - property: latency
    value: 2
    unit: d
    element: orders.created_at
  - property: retention
    value: 1
    unit: y
    element: orders.created_at
  - property: availability
    value: 99.9
`);
    const { checks, diagnostics } = checksFromContract(c, 0);
    expect(diagnostics).toEqual([]);
    expect(checks.map((k) => [k.id, k.kind, k.severity, k.position.line])).toEqual([
      ['id.required', 'nullValues', 'error', 11],
      ['id.unique', 'duplicateValues', 'error', 11],
      ['email.required', 'nullValues', 'error', 14],
      ['email.length', 'length', 'error', 16],
      ['email.pattern', 'invalidValues', 'error', 17],
      ['amount.range', 'range', 'error', 21],
      ['amount.nullValues', 'nullValues', 'warning', 24],
      ['rowCount', 'rowCount', 'error', 31],
      ['email+amount.duplicateValues', 'duplicateValues', 'error', 33],
      ['table.sql', 'sql', 'error', 37],
      ['created_at.latency', 'freshness', 'error', 41],
      ['created_at.retention', 'retention', 'error', 45],
    ]);
    expect(checks.find((k) => k.kind === 'freshness')?.expectation).toEqual({
      operator: 'mustBeLessOrEqualTo',
      value: 48,
    });
    expect(checks.find((k) => k.id === 'amount.nullValues')?.unit).toBe('percent');
  });

  it('reports rules it cannot run as warnings', () => {
    const c = contract(`schema:
  - name: t
    properties:
      - name: a
        logicalType: string
        quality:
          - type: custom
            engine: soda
            implementation: 'duplicate_count(a) = 0'
          - metric: invalidValues
            mustBe: 0
    quality:
      - metric: nullValues
        mustBe: 0
slaProperties:
  - property: latency
    value: soon
    element: t.a
`);
    const { checks, diagnostics } = checksFromContract(c, 0);
    expect(checks).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['check-not-run', 12, 'custom quality rules (engine-specific) are not run by Meshwork'],
      ['check-not-run', 15, 'invalidValues needs `arguments.validValues` or `arguments.pattern`'],
      [
        'check-not-run',
        18,
        'quality metric nullValues needs a column: put the rule on a property or name one in `arguments.properties`',
      ],
      ['check-not-run', 21, 'SLA latency has value "soon", which is not a duration'],
    ]);
  });
});
