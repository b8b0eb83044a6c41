import type { JsonPath, Mesh, YamlFile } from '@meshwork/core';
import type { Governance } from '../governance.js';

/**
 * The data-mesh anti-patterns `meshwork doctor` can see in a mesh's files, in the order its report
 * groups them. Every finding names the one it comes from.
 */
export const ANTI_PATTERNS = [
  'Rebranded monolith',
  'Products without the standard',
  'Domains without products',
  'Products without consumers',
  'Dependency cycles',
  'Single domain most others depend on',
  'PII copied without classification',
  'Compliance without isolation',
  'Isolation heavier than the team',
] as const;

/** The name of an anti-pattern, as printed. */
export type AntiPattern = (typeof ANTI_PATTERNS)[number];

/** `error` makes `meshwork doctor` exit 1; `warning` and `info` do not. */
export type HealthSeverity = 'error' | 'warning' | 'info';

/** One finding of `meshwork doctor`: what is wrong with the mesh as a whole, and what to do about it. */
export interface HealthFinding {
  /** Stable kebab-case identifier of the kind of finding, for example `doctor-rebranded-monolith`. */
  readonly id: string;
  readonly severity: HealthSeverity;
  /** The anti-pattern the finding comes from. */
  readonly antiPattern: AntiPattern;
  /** What the finding is about: a domain name, a product address, or several domains joined. */
  readonly subject: string;
  /** One sentence on what was seen. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** The domain.yaml, product.yaml or contract to look at, when one fits. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** 1-based column in `file`. */
  readonly column?: number;
}

/** How many of a domain's products meet the standard: no error-severity violation of the rules in force. */
export interface DomainCoverage {
  readonly domain: string;
  readonly products: number;
  readonly meetingStandard: number;
  /** Share meeting the standard, rounded down (so 100 means all); null for a domain without products. */
  readonly percent: number | null;
}

/** The health of a mesh: every finding, in report order, and the standard coverage of each domain. */
export interface MeshHealth {
  /** False when any finding is an error. */
  readonly ok: boolean;
  readonly findings: readonly HealthFinding[];
  readonly coverage: readonly DomainCoverage[];
}

/** What the health checks read of a mesh's compiled governance (a whole `Governance` will do). */
export type HealthGovernance = Pick<Governance, 'rules' | 'taxonomy'>;

/** A group of checks: a pure function from the mesh to findings. */
export type HealthCheck = (mesh: Mesh, governance: HealthGovernance) => HealthFinding[];

/** `file`, `line` and `column` of the node at `path` in `yaml`, to spread into a finding. */
export function locatedAt(yaml: YamlFile, path: JsonPath): Pick<HealthFinding, 'file' | 'line' | 'column'> {
  const { line, column } = yaml.locate(path);
  return { file: yaml.file.path, line, column };
}

const SEVERITY_RANK: Record<HealthSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Orders findings for the report: by anti-pattern, then errors first, then subject and id. */
export function sortFindings(findings: readonly HealthFinding[]): HealthFinding[] {
  return [...findings].sort(
    (a, b) =>
      ANTI_PATTERNS.indexOf(a.antiPattern) - ANTI_PATTERNS.indexOf(b.antiPattern) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.subject.localeCompare(b.subject) ||
      a.id.localeCompare(b.id) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}

/** Counts findings by severity. */
export function countFindings(findings: readonly HealthFinding[]): { errors: number; warnings: number; infos: number } {
  const count = (severity: HealthSeverity) => findings.filter((f) => f.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info') };
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
