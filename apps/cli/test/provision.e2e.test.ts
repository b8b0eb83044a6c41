import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'meshwork-provision-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const answers = (engineers: number, fields = '') => `practitioners: 10
dominantUseCaseShare: 0.2
teamsWriteTests: true
regulatedIndustry: false
domains:
  - name: payments
    engineers: ${engineers}
    compliance: [pci-dss]
    needsComputeIsolation: false
    independentDeploys: false
  - name: web
    engineers: 4
    compliance: []
    needsComputeIsolation: true
    independentDeploys: false
${fields}`;

function answersFile(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('meshwork advise', () => {
  it('advises the example mesh from its domain.yaml files: a table, reasons with citations, warnings', () => {
    const { code, stdout } = runCli(['advise', 'examples/acme'], repo);
    expect(code).toBe(0);
    expect(stdout).toMatch(/finance\s+4\s+gdpr-eu, sox\s+account-per-domain\s+account-per-domain/);
    expect(stdout).toMatch(/marketing\s+2\s+gdpr-eu\s+schema-per-domain\s+schema-per-domain/);
    expect(stdout).toContain('compliance-override  Its compliance (sox) is not shared by every other domain');
    expect(stdout).toContain('seed: Compliance is the override');
    expect(stdout).toContain('later  schema → workspace: meshwork domain upgrade marketing --to workspace');
    expect(stdout).toContain('mesh-small-organisation  11 practitioners is fewer than 30');
    expect(stdout).toContain('Assumed (not in the mesh files');
  });

  it('without a terminal and without answers, advises the mesh of the working directory', () => {
    const { code, stdout } = runCli(['advise'], join(repo, 'examples', 'acme'));
    expect(code).toBe(0);
    expect(stdout).toContain('from the mesh at .');
  });

  it('--answers --json: compliance overrides a 2-engineer team, with what it will struggle with', () => {
    const { code, stdout } = runCli(['advise', '--answers', answersFile('small.yaml', answers(2)), '--json'], repo);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.source).toBe('answers');
    expect(body.domains.map((d: { domain: string; recommended: string }) => [d.domain, d.recommended])).toEqual([
      ['payments', 'account'],
      ['web', 'workspace'],
    ]);
    expect(body.domains[0].warnings[0]).toMatchObject({
      rule: 'compliance-override',
      message: expect.stringContaining('With 2 engineers, the team will struggle'),
    });
    expect(body.domains[1].reasons.map((r: { rule: string }) => r.rule)).toContain('compute-isolation');
    expect(body.warnings.map((w: { rule: string }) => w.rule)).toEqual(['mesh-small-organisation']);
  });

  it('reads JSON answers too', () => {
    const json = JSON.stringify({
      practitioners: 60,
      dominantUseCaseShare: 0.9,
      teamsWriteTests: false,
      regulatedIndustry: false,
      domains: [{ name: 'a', engineers: 5, compliance: [], needsComputeIsolation: false, independentDeploys: true }],
    });
    const { code, stdout } = runCli(['advise', '--answers', answersFile('a.json', json), '--json'], repo);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).warnings.map((w: { rule: string }) => w.rule)).toEqual([
      'mesh-dominant-use-case',
      'mesh-no-tests',
    ]);
  });

  it('exits 1 on a negative team size, naming the field at file:line:column', () => {
    const file = answersFile('negative.yaml', answers(-2));
    const { code, stdout } = runCli(['advise', '--answers', file], repo);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `${file}:7:16 error answers-range field "domains[0].engineers" is -2; expected at least 0`,
    );
    expect(stdout).toContain('✖ invalid answers: 1 error');
    const json = runCli(['advise', '--answers', file, '--json'], repo);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).diagnostics[0]).toMatchObject({ code: 'answers-range', line: 7, column: 16 });
  });

  it('exits 2 for a missing answers file or both a path and answers', () => {
    expect(runCli(['advise', '--answers', join(work, 'nope.yaml')], repo).code).toBe(2);
    const both = runCli(['advise', 'examples/acme', '--answers', answersFile('x.yaml', answers(3))], repo);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
  });
});

describe('meshwork provision', () => {
  it.each(['aws', 'azure', 'gcp'])('--cloud %s writes parse-valid Terraform for the three domains', async (cloud) => {
    const out = join(work, `tf-${cloud}`);
    const { code, stdout } = runCli(['provision', 'examples/acme', '--cloud', cloud, '--out', out], repo);
    expect(code).toBe(0);
    expect(stdout).toContain('✔ wrote 19 Terraform files for 3 domains');
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tf|tfvars)$/.test(f));
    expect(files).toHaveLength(18);
    for (const f of files) await parse(f, readFileSync(join(out, f), 'utf8'));
    const golden = join(repo, 'packages', 'provision', 'test', 'fixtures', 'golden', cloud, 'main.tf');
    expect(readFileSync(join(out, 'main.tf'), 'utf8')).toBe(readFileSync(golden, 'utf8'));
  });

  it('writes the same bytes twice', () => {
    const a = join(work, 'twice-a');
    const b = join(work, 'twice-b');
    runCli(['provision', 'examples/acme', '--cloud', 'aws', '--out', a], repo);
    runCli(['provision', 'examples/acme', '--cloud', 'aws', '--out', b], repo);
    for (const f of readdirSync(a, { recursive: true, encoding: 'utf8' }).filter((x) => x.includes('.'))) {
      expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    }
  });

  it('--json lists the files and the module of each domain', () => {
    const { code, stdout } = runCli(
      ['provision', 'examples/acme', '--cloud', 'gcp', '--out', join(work, 'json'), '--json'],
      repo,
    );
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.domains).toEqual([
      { domain: 'finance', pattern: 'account', module: 'modules/account' },
      { domain: 'logistics', pattern: 'workspace', module: 'modules/workspace' },
      { domain: 'marketing', pattern: 'schema', module: 'modules/schema' },
    ]);
    expect(body.files).toContain('README.md');
  });

  it('exits 2 naming the flag for an unknown or missing cloud', () => {
    const unknown = runCli(['provision', 'examples/acme', '--cloud', 'ibm'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--cloud ibm is not a cloud Meshwork provisions; use one of aws, azure, gcp');
    const missing = runCli(['provision', 'examples/acme'], repo);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--cloud is required');
  });
});
