import type { CheckResult } from '@meshwork/engine';

/** One suite per product (or contract object) for JUnit XML. */
export interface JUnitSuite {
  readonly name: string;
  readonly results: readonly CheckResult[];
  /** Set when the whole suite could not run. */
  readonly error: string | undefined;
}

const escapeXml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

/** JUnit XML that CI systems (GitLab, Jenkins, GitHub annotations) read: one test case per check. */
export function toJUnit(suites: readonly JUnitSuite[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="meshwork test">'];
  for (const suite of suites) {
    const failures = suite.results.filter((r) => r.status === 'failed').length;
    const errors = suite.results.filter((r) => r.status === 'error').length + (suite.error ? 1 : 0);
    const time = suite.results.reduce((s, r) => s + r.durationMs, 0) / 1000;
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.results.length + (suite.error ? 1 : 0)}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    );
    if (suite.error)
      lines.push(
        `    <testcase classname="${escapeXml(suite.name)}" name="build"><error message="${escapeXml(suite.error)}"/></testcase>`,
      );
    for (const r of suite.results) {
      lines.push(
        `    <testcase classname="${escapeXml(suite.name)}" name="${escapeXml(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}">`,
      );
      const detail = `${r.description}; expected ${r.expected}, actual ${r.actual ?? 'none'} (${r.file}:${r.position.line})`;
      if (r.status === 'failed' && r.severity === 'error')
        lines.push(`      <failure message="${escapeXml(r.reason ?? detail)}">${escapeXml(detail)}</failure>`);
      if (r.status === 'failed' && r.severity !== 'error')
        lines.push(`      <system-out>${escapeXml(`${r.severity}: ${r.reason ?? detail}`)}</system-out>`);
      if (r.status === 'error') lines.push(`      <error message="${escapeXml(r.reason ?? 'check could not run')}"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
