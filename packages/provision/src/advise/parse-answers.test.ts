import { describe, expect, it } from 'vitest';
import { parseAnswers } from './parse-answers.js';

const valid = `practitioners: 12
dominantUseCaseShare: 0.4
teamsWriteTests: true
regulatedIndustry: false
domains:
  - name: sales
    engineers: 2
    compliance: [gdpr-eu]
    needsComputeIsolation: false
    independentDeploys: false
`;

const errorsOf = (text: string, path = 'answers.yaml') =>
  parseAnswers({ path, text }).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);

describe('parseAnswers', () => {
  it('returns typed answers for a valid YAML file', () => {
    const { answers, diagnostics } = parseAnswers({ path: 'answers.yaml', text: valid });
    expect(diagnostics).toEqual([]);
    expect(answers?.domains[0]).toMatchObject({ name: 'sales', engineers: 2, compliance: ['gdpr-eu'] });
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({
      practitioners: 3,
      dominantUseCaseShare: 0,
      teamsWriteTests: true,
      regulatedIndustry: false,
      domains: [{ name: 'a', engineers: 1, compliance: [], needsComputeIsolation: false, independentDeploys: false }],
    });
    expect(parseAnswers({ path: 'answers.json', text: json }).answers?.practitioners).toBe(3);
  });

  it('names the field and its line for a negative team size', () => {
    expect(errorsOf(valid.replace('engineers: 2', 'engineers: -2'))).toEqual([
      'answers.yaml:7:16 answers-range field "domains[0].engineers" is -2; expected at least 0',
    ]);
  });

  it('reports a share above 1, a missing field, an unknown field and a wrong type, each located', () => {
    const text = valid
      .replace('dominantUseCaseShare: 0.4', 'dominantUseCaseShare: 1.5')
      .replace('teamsWriteTests: true\n', 'teamsWriteTest: true\n')
      .replace('regulatedIndustry: false', 'regulatedIndustry: "no"');
    expect(errorsOf(text)).toEqual(
      expect.arrayContaining([
        'answers.yaml:2:23 answers-range field "dominantUseCaseShare" is 1.5; expected at most 1',
        'answers.yaml:1:1 answers-required field "teamsWriteTests" is missing',
        'answers.yaml:3:1 answers-unknown-field field "teamsWriteTest" is not a question the advisor asks',
        'answers.yaml:4:20 answers-type field "regulatedIndustry" is "no"; expected a boolean',
      ]),
    );
  });

  it('refuses a domain answered twice and an empty domain list', () => {
    const twice = `${valid}${valid.slice(valid.indexOf('  - name'))}`;
    expect(errorsOf(twice)).toEqual([
      'answers.yaml:11:11 answers-duplicate field "domains[1].name" is "sales", which domains[0] already answers for',
    ]);
    expect(errorsOf(valid.replace(/domains:[\s\S]*$/, 'domains: []\n'))).toEqual([
      'answers.yaml:5:10 answers-range field "domains" is empty; expected at least 1 item',
    ]);
  });

  it('reports YAML syntax errors at their position', () => {
    const [d] = parseAnswers({ path: 'answers.yaml', text: 'practitioners: [1\n' }).diagnostics;
    expect(d?.code).toBe('yaml-syntax');
    expect(d?.line).toBeGreaterThan(0);
  });

  it('reports a file that is not a mapping', () => {
    expect(errorsOf('- 1\n')).toEqual(['answers.yaml:1:1 answers-type field "the answers" is [1]; expected a mapping']);
  });
});
