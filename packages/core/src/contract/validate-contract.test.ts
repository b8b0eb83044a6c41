import { describe, expect, it } from 'vitest';
import { validateContract } from './validate-contract.js';

const base = `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
      - name: amount
        logicalType: number
      - name: created_at
        logicalType: timestamp
`;
const validate = (text: string) => validateContract({ path: 'orders.odcs.yaml', text });

describe('validateContract', () => {
  it('accepts a minimal v3.1.0 contract', () => {
    const result = validate(base);
    expect(result.diagnostics).toEqual([]);
    expect(result.contract?.schemaVersion).toBe('3.1.0');
    expect(result.contract?.spec.schema?.[0]?.name).toBe('orders');
  });

  it('names the property, the bad logicalType and the allowed values', () => {
    const { diagnostics, contract } = validate(base.replace('logicalType: number', 'logicalType: money'));
    expect(contract).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'schema-enum', line: 12, column: 22 });
    expect(diagnostics[0]?.message).toBe(
      'property "amount" field "logicalType" is "money"; expected one of string, date, timestamp, time, number, integer, object, array, boolean',
    );
  });

  it('suggests the closest logicalType', () => {
    const { diagnostics } = validate(base.replace('logicalType: number', 'logicalType: numbr'));
    expect(diagnostics[0]?.hint).toBe('Did you mean `number`?');
  });

  it('reports a missing required field at its owner', () => {
    const { diagnostics } = validate(base.replace('status: active\n', ''));
    expect(diagnostics).toMatchObject([{ code: 'schema-required', line: 1, column: 1 }]);
    expect(diagnostics[0]?.message).toBe('the contract is missing required field "status"');
  });

  it('reports an unknown key at the key, with a did-you-mean hint', () => {
    const { diagnostics } = validate(`${base}    qualty:\n      - metric: rowCount\n        mustBeGreaterThan: 0\n`);
    expect(diagnostics).toMatchObject([{ code: 'schema-unknown-field', line: 15, column: 5 }]);
    expect(diagnostics[0]?.message).toBe('object "orders" has unknown field "qualty"');
    expect(diagnostics[0]?.hint).toBe('Did you mean `quality`?');
  });

  it('collapses "one of the operators" into one sentence', () => {
    const { diagnostics } = validate(`${base}    quality:\n      - metric: rowCount\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toMatch(/quality rule 1 needs one of mustBe, mustNotBe, .*; none is present/);
  });

  it('reports a wrong type', () => {
    const { diagnostics } = validate(base.replace('version: 1.0.0', 'version: [1]'));
    expect(diagnostics[0]).toMatchObject({ code: 'schema-type', line: 4 });
    expect(diagnostics[0]?.message).toBe('field "version" is a list; expected string');
  });

  it('refuses an empty file and a non-mapping', () => {
    expect(validate('').diagnostics[0]?.code).toBe('contract-not-a-mapping');
    expect(validate('- a\n- b\n').diagnostics[0]?.message).toMatch(/not a YAML mapping/);
  });

  it('warns about SLA elements and relationships that do not resolve in a standalone contract', () => {
    const text = `${base}slaProperties:
  - property: latency
    value: 1
    unit: d
    element: tab1.txn_ref_dt
  - property: retention
    value: 1
    unit: y
    element: orders.created_at
`;
    const { diagnostics, contract } = validate(text);
    expect(contract).toBeDefined();
    expect(diagnostics).toMatchObject([{ code: 'contract-unresolved-reference', severity: 'warning', line: 19 }]);
    const strict = validateContract({ path: 'o.odcs.yaml', text }, { referenceSeverity: 'error' });
    expect(strict.diagnostics[0]?.severity).toBe('error');
  });

  it('suggests the closest property for an unresolved relationship', () => {
    const text = base.replace(
      '      - name: amount\n',
      '      - name: amount\n        relationships:\n          - to: orders.order_di\n',
    );
    const { diagnostics } = validate(text);
    expect(diagnostics[0]?.message).toBe(
      'relationship to "orders.order_di": object "orders" has no property "order_di"',
    );
    expect(diagnostics[0]?.hint).toBe('Did you mean `order_id`?');
  });

  it('reports duplicate property names and ids', () => {
    const text = base.replace('      - name: amount\n', '      - name: order_id\n');
    expect(validate(text).diagnostics).toMatchObject([
      { code: 'contract-duplicate-name', severity: 'error', line: 11 },
    ]);
    const ids = base
      .replace('      - name: order_id\n', '      - name: order_id\n        id: p1\n')
      .replace('      - name: amount\n', '      - name: amount\n        id: p1\n');
    expect(validate(ids).diagnostics).toMatchObject([{ code: 'contract-duplicate-id' }]);
  });

  it('warns when the version is not semver', () => {
    expect(validate(base.replace('version: 1.0.0', 'version: v1')).diagnostics).toMatchObject([
      { code: 'contract-version-not-semver', severity: 'warning' },
    ]);
  });

  it('validates v3.0.x contracts against the v3.1.0 schema (team as a list)', () => {
    const text = `${base.replace('v3.1.0', 'v3.0.2')}team:\n  - username: ada\n    role: owner\n`;
    expect(validate(text).diagnostics).toEqual([]);
  });

  describe('v3.2.0', () => {
    const v32 = base.replace('v3.1.0', 'v3.2.0');

    it('accepts enum, map and vector types and the context block', () => {
      const text = `${v32}      - name: status
        logicalType: string
        enum:
          - value: open
          - value: paid
      - name: attributes
        logicalType: map
        map:
          key:
            logicalType: string
          value:
            logicalType: string
      - name: embedding
        logicalType: vector
        logicalTypeOptions:
          dimensions: 3
context:
  instructions: Amounts are in euros.
`;
      const result = validate(text);
      expect(result.diagnostics).toEqual([]);
      expect(result.contract?.schemaVersion).toBe('3.2.0');
    });

    it('rejects a vector without dimensions', () => {
      const text = `${v32}      - name: embedding\n        logicalType: vector\n        logicalTypeOptions:\n          normalized: true\n`;
      const { contract, diagnostics } = validate(text);
      expect(contract).toBeUndefined();
      expect(diagnostics[0]?.message).toBe(
        'property "embedding" field "logicalTypeOptions" is missing required field "dimensions"',
      );
    });

    it('rejects vector in a v3.1.0 contract', () => {
      const text = `${base}      - name: embedding\n        logicalType: vector\n        logicalTypeOptions:\n          dimensions: 3\n`;
      expect(validate(text).diagnostics[0]?.code).toBe('schema-enum');
    });

    it.each(['ingres', 'vectorwise', 'versant', 'poet', 'fastobjects', 'btrieve'])(
      'accepts the Actian server type %s of the final release',
      (type) => {
        const text = `${v32}servers:\n  - server: legacy\n    type: ${type}\n    host: db.example.com\n    port: \${DB_PORT}\n    database: sales\n`;
        expect(validate(text).diagnostics).toEqual([]);
      },
    );
  });
});
