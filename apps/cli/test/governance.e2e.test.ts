import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExampleMesh } from '@meshwork/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'meshwork-governance-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the example mesh's files (no data) to break. */
function acmeCopy(name: string): string {
  return copyExampleMesh(join(work, name));
}

describe('governance in the CLI', () => {
  it('meshwork score prints every product with its six qualities, the fixes and the average', () => {
    const { code, stdout } = runCli(['score', 'examples/acme'], repo);
    expect(code).toBe(0);
    expect(stdout).toMatch(/marketing\.web_sessions\s+67\s+100\s+100\s+100\s+100\s+100\s+95/);
    expect(stdout).toContain('marketing.web_sessions: 1 to fix');
    expect(stdout).toContain('fix: Add `tags:` to product.yaml.');
    expect(stdout).toMatch(/average\s+96/);
  });

  it('meshwork score --json prints one object with products and the mesh average', () => {
    const { code, stdout } = runCli(['score', 'examples/acme', '--json', '--product', 'finance.invoices'], repo);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.products).toHaveLength(1);
    expect(body.products[0]).toMatchObject({ address: 'finance.invoices', score: 100, missing: [] });
    expect(Object.keys(body.average.dimensions)).toEqual([
      'discoverable',
      'addressable',
      'trustworthy',
      'selfDescribing',
      'interoperable',
      'secure',
    ]);
  });

  it('meshwork score refuses an unknown product with exit 2', () => {
    const { code, stderr } = runCli(['score', 'examples/acme', '--product', 'finance.nope'], repo);
    expect(code).toBe(2);
    expect(stderr).toContain('product finance.nope is not in this mesh');
  });

  it('validate rejects a domain that relaxes a global rule, naming the rule, exit 1', () => {
    const mesh = acmeCopy('relax');
    writeFileSync(
      join(mesh, 'domains', 'marketing', 'rules', 'lax.yaml'),
      'apiVersion: meshwork/v1\nkind: RulePack\ntighten:\n  - rule: product-has-readme\n    severity: warn\n',
    );
    const { code, stdout } = runCli(['validate', mesh], repo);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'lax.yaml:5:15 error rule-relaxes-global domain marketing lowers the global rule "product-has-readme" from error to warn',
    );
  });

  it('validate reports a broken CEL rule and a Cedar policy that fails the schema at file:line, exit 1', () => {
    const mesh = acmeCopy('broken');
    writeFileSync(
      join(mesh, 'governance', 'rules', 'broken.yaml'),
      `apiVersion: meshwork/v1
kind: RulePack
rules:
  - id: broken
    description: Broken.
    target: product
    severity: error
    check: size(product.tags) >
    message: broken
    fix: fix it
`,
    );
    writeFileSync(
      join(mesh, 'domains', 'finance', 'policies', 'typo.cedar'),
      'permit (principal, action, resource in Meshwork::Domain::"finance")\nwhen { principal.clearence > 1 };\n',
    );
    const { code, stdout } = runCli(['validate', mesh], repo);
    expect(code).toBe(1);
    expect(stdout).toMatch(/broken\.yaml:8:\d+ error rule-cel-syntax rule "broken": `check` is not valid CEL/);
    expect(stdout).toMatch(/typo\.cedar:2:8 error cedar-schema .*attribute `clearence`/);
    expect(stdout).toContain('hint: did you mean `clearance`?');
  });
});
