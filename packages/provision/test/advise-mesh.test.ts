import { describe, expect, it } from 'vitest';
import { advise, answersFromMesh } from '../src/index.js';
import { acmeMesh } from './acme-mesh.js';

describe('advice for the example mesh', () => {
  const mesh = acmeMesh();

  it('derives the answers from domain.yaml and says what it assumed', () => {
    const { answers, current, assumed } = answersFromMesh(mesh);
    expect(answers.practitioners).toBe(11);
    expect(answers.domains).toEqual([
      {
        name: 'finance',
        engineers: 4,
        compliance: ['gdpr-eu', 'sox'],
        needsComputeIsolation: true,
        independentDeploys: false,
      },
      {
        name: 'logistics',
        engineers: 3,
        compliance: ['gdpr-eu'],
        needsComputeIsolation: true,
        independentDeploys: false,
      },
      {
        name: 'marketing',
        engineers: 2,
        compliance: ['gdpr-eu'],
        needsComputeIsolation: false,
        independentDeploys: false,
      },
    ]);
    expect(current).toEqual({ finance: 'account', logistics: 'workspace', marketing: 'schema' });
    expect(assumed.map((a) => a.split(' ')[0])).toEqual([
      'practitioners',
      'dominantUseCaseShare',
      'teamsWriteTests',
      'regulatedIndustry',
      'independentDeploys',
    ]);
  });

  it('takes given organisation answers over what it would assume', () => {
    const { answers, assumed } = answersFromMesh(mesh, { practitioners: 45, teamsWriteTests: false });
    expect(answers).toMatchObject({ practitioners: 45, teamsWriteTests: false });
    expect(assumed.some((a) => a.startsWith('practitioners'))).toBe(false);
  });

  it('recommends what each domain runs today: finance account (sox), logistics workspace, marketing schema', () => {
    const { answers, current, assumed } = answersFromMesh(mesh);
    const advice = advise(answers, { current, assumed, source: 'mesh' });
    expect(advice.domains.map((d) => [d.domain, d.current, d.recommended])).toEqual([
      ['finance', 'account', 'account'],
      ['logistics', 'workspace', 'workspace'],
      ['marketing', 'schema', 'schema'],
    ]);
    expect(advice.domains[0]?.reasons.map((r) => r.rule)).toEqual([
      'org-size-band',
      'compute-isolation',
      'compliance-override',
      'lightest-first',
    ]);
    expect(advice.warnings.map((w) => w.rule)).toEqual(['mesh-small-organisation']);
  });
});
