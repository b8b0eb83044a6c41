import { describe, expect, it } from 'vitest';
import { validateMesh } from '../src/index.js';
import { type GoodMeshFiles, goodMesh, meshSource } from './governance-fixture.js';

const findings = (overrides: Partial<GoodMeshFiles>) => validateMesh(meshSource(goodMesh(overrides))).diagnostics;
const pack = (body: string) => `apiVersion: meshwork/v1\nkind: RulePack\n${body}`;

const domainRule = pack(`rules:
  - id: sales-amounts-are-decimal
    description: Money columns are decimals.
    target: property
    severity: warn
    when: property.name.endsWith('_amount')
    check: has(property.physicalType) && property.physicalType.startsWith('DECIMAL')
    message: column {{ property.name }} holds money but is {{ property.logicalType }}
    fix: Use physicalType DECIMAL(18,2).
`);

describe('domain rule packs', () => {
  it('add rules that apply to the domain', () => {
    const good = goodMesh();
    const contract = good.contract.replace(
      '      - name: created_at',
      '      - name: total_amount\n        logicalType: number\n        description: Total.\n      - name: created_at',
    );
    const found = findings({ domainRules: { 'money.yaml': domainRule }, contract });
    expect(found).toMatchObject([
      {
        code: 'sales-amounts-are-decimal',
        severity: 'warning',
        message: 'column total_amount holds money but is number',
        hint: 'Use physicalType DECIMAL(18,2).',
        line: 21,
      },
    ]);
  });

  it('tighten a global rule: a warning becomes an error in that domain', () => {
    const good = goodMesh();
    const product = good.product.replace('id: orders', 'id: sales_orders');
    expect(findings({ product }).map((d) => [d.code, d.severity])).toEqual([['naming-product-id', 'warning']]);
    const tighten = pack('tighten:\n  - rule: naming-product-id\n    severity: error\n');
    expect(findings({ product, domainRules: { 'strict.yaml': tighten } }).map((d) => [d.code, d.severity])).toEqual([
      ['naming-product-id', 'error'],
    ]);
  });

  it('may not relax a global rule: the attempt is an error naming the rule', () => {
    const relax = pack('tighten:\n  - rule: product-has-readme\n    severity: warn\n');
    const found = findings({ domainRules: { 'lax.yaml': relax }, files: [] });
    expect(found).toContainEqual(
      expect.objectContaining({
        code: 'rule-relaxes-global',
        file: 'domains/sales/rules/lax.yaml',
        line: 5,
        message: expect.stringContaining('"product-has-readme" from error to warn'),
      }),
    );
    // The global rule still applies at its own severity.
    expect(found).toContainEqual(expect.objectContaining({ code: 'product-has-readme', severity: 'error' }));
  });

  it('may not disable a global rule by redefining it', () => {
    const redefine = pack(`rules:
  - id: product-has-readme
    description: Disabled.
    target: product
    severity: warn
    check: 'true'
    message: never
    fix: none
`);
    const found = findings({ domainRules: { 'override.yaml': redefine }, files: [] });
    expect(found.map((d) => d.code).sort()).toEqual(['product-has-readme', 'rule-overrides-global']);
    expect(found.find((d) => d.code === 'rule-overrides-global')?.message).toContain('"product-has-readme"');
  });

  it('may not switch a rule off through an unknown severity', () => {
    const off = pack('tighten:\n  - rule: product-has-readme\n    severity: off\n');
    expect(findings({ domainRules: { 'off.yaml': off } })).toMatchObject([
      { code: 'schema-enum', file: 'domains/sales/rules/off.yaml', line: 5 },
    ]);
  });

  it('tightening a rule that does not exist suggests the closest', () => {
    const typo = pack('tighten:\n  - rule: product-has-readm\n    severity: error\n');
    expect(findings({ domainRules: { 't.yaml': typo } })).toMatchObject([
      { code: 'rule-tighten-unknown', hint: 'Did you mean `product-has-readme`?', line: 4 },
    ]);
  });
});

describe('rules that do not compile', () => {
  const rule = (check: string, target = 'property') =>
    pack(`rules:
  - id: broken
    description: Broken.
    target: ${target}
    severity: error
    check: ${check}
    message: broken
    fix: fix it
`);

  it('a CEL syntax error is reported at its line and column with the parser message', () => {
    expect(findings({ globalRules: { 'b.yaml': rule('property.name ==') } })).toMatchObject([
      {
        code: 'rule-cel-syntax',
        file: 'governance/rules/b.yaml',
        line: 8,
        column: 28,
        message: expect.stringContaining('Unexpected token'),
      },
    ]);
  });

  it('a variable the target does not have is a type error that lists the variables', () => {
    const [d] = findings({ globalRules: { 'b.yaml': rule('has(property.description)', 'product') } });
    expect(d).toMatchObject({
      code: 'rule-cel-type',
      line: 8,
      message: expect.stringContaining('Unknown variable: property'),
    });
    expect(d?.hint).toBe('A product rule sees product, domain, mesh; change the target or the expression.');
  });

  it('an unknown function is a type error', () => {
    expect(findings({ globalRules: { 'b.yaml': rule('isSnakeCase(property.name)') } })).toMatchObject([
      { code: 'rule-cel-type', message: expect.stringContaining('isSnakeCase') },
    ]);
  });

  it('an unknown target is a schema error listing the targets', () => {
    const [d] = findings({ globalRules: { 'b.yaml': rule('true', 'column') } });
    expect(d).toMatchObject({ code: 'schema-enum', line: 6 });
    expect(d?.message).toContain('property');
  });

  it('a rule that fails at run time is reported once as a warning and skipped', () => {
    const found = findings({
      globalRules: { 'b.yaml': rule('property.description.size() > 0 && property.nope == 1') },
    });
    expect(found).toMatchObject([{ code: 'rule-evaluation-failed', severity: 'warning', line: 4 }]);
  });
});
