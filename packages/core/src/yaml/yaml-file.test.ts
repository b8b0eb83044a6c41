import { describe, expect, it } from 'vitest';
import { parseYaml } from './yaml-file.js';

const parse = (text: string) => parseYaml({ path: 'x.yaml', text });

describe('parseYaml', () => {
  it('locates values and keys by path', () => {
    const { yaml } = parse('a: 1\nlist:\n  - name: first\n  - name: second\n    extra: true\n');
    expect(yaml?.locate(['list', 1, 'name'])).toEqual({ line: 4, column: 11 });
    expect(yaml?.locate(['list', 1, 'extra'], 'key')).toEqual({ line: 5, column: 5 });
  });

  it('falls back to the nearest existing ancestor for a missing path', () => {
    const { yaml } = parse('a:\n  b: 1\n');
    expect(yaml?.locate(['a', 'missing', 'deeper'])).toEqual({ line: 2, column: 3 });
  });

  it('keeps timestamps as strings', () => {
    const { yaml } = parse('at: 2022-05-12T09:30:10-08:00\nday: 2024-01-01\n');
    expect(yaml?.value).toEqual({ at: '2022-05-12T09:30:10-08:00', day: '2024-01-01' });
  });

  it('reports a duplicate key with its position', () => {
    const { yaml, diagnostics } = parse('name: a\nversion: 1\nname: b\n');
    expect(yaml).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: 'yaml-duplicate-key', severity: 'error', line: 3, column: 1 }]);
    expect(diagnostics[0]?.hint).toMatch(/Remove or rename/);
  });

  it('reports tab indentation', () => {
    const { diagnostics } = parse('a:\n\tb: 1\n');
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-tab-indent', line: 2 });
  });

  it('reports a syntax error with line and column', () => {
    const { diagnostics } = parse('a: [1, 2\nb: 3\n');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error' });
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(1);
  });

  it('explains a colon inside a plain value', () => {
    const { diagnostics } = parse('purpose: who: what\n');
    expect(diagnostics[0]?.hint).toMatch(/quotes/);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const { yaml, diagnostics } = parse(`${lines.join('\n')}\n`);
    expect(yaml).toBeUndefined();
    expect(diagnostics[0]?.code).toBe('yaml-syntax');
  });
});
