import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateContract } from '../src/index.js';

const root = join(import.meta.dirname, 'fixtures', 'odcs-examples-superseded');
const validate = (file: string) =>
  validateContract({ path: file, text: readFileSync(join(root, file), 'utf8') }).diagnostics.map((d) => ({
    line: d.line,
    column: d.column,
    code: d.code,
    message: d.message,
    hint: d.hint,
  }));

// Older upstream copies that fail the current ODCS schema: real-world bad input with known answers.
describe('superseded ODCS examples', () => {
  it('suggests `tags` for `tag`', () => {
    expect(validate('all/postgresql-adventureworks-contract.odcs.yaml')).toEqual([
      {
        line: 85,
        column: 7,
        code: 'schema-unknown-field',
        message: 'property "nationalidnumber" has unknown field "tag"',
        hint: 'Did you mean `tags`?',
      },
      {
        line: 119,
        column: 7,
        code: 'schema-unknown-field',
        message: 'property "birthdate" has unknown field "tag"',
        hint: 'Did you mean `tags`?',
      },
    ]);
  });

  it('explains a pre-v3.1 quality rule in two sentences, not ten', () => {
    const found = validate('quality/column-accuracy.odcs.yaml');
    expect(found.map((d) => d.message)).toEqual([
      'quality rule 1 needs one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween; none is present',
      'quality rule 1 is missing required field "metric"',
    ]);
    expect(found.every((d) => d.line === 22 && d.column === 9)).toBe(true);
  });

  it('lists what a team member accepts', () => {
    const [finding] = validate('stakeholders/basic-four-dpo.odcs.yaml');
    expect(finding).toMatchObject({ line: 23, column: 5, message: 'team member 3 has unknown field "comment"' });
    expect(finding?.hint).toContain('accepts id, username, name, description, role');
  });
});
