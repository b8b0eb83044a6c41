import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, GovernanceFindings as FindingsBody, GovernanceView as GovernanceBody } from '@meshwork/api';
import { type Diagnostic, type Mesh, UnavailableError } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import {
  type CompiledRule,
  diagnoseMesh,
  domainSubject,
  evaluateRules,
  type Governance,
  meshFacts,
  productSubjects,
} from '@meshwork/governance';
import { meshActionHook } from '../access/mesh-action-hook.js';

/** Why the routes cannot answer. */
export const GOVERNANCE_NEEDS_RULES =
  "the governance view needs the mesh's governance; start the server with meshwork up on a mesh";
export const FINDINGS_NEED_MESH =
  'the governance findings need the mesh the server serves and its governance; start the server with meshwork up';

/**
 * `GET /governance`: the rules in force per domain and the Cedar policies (any signed-in user);
 * `GET /governance/findings`: the served mesh's rule violations by domain and rule, `doctor` findings and
 * classification coverage (admins, governance, owners). 503 without governance (or without a mesh).
 */
export function governanceRoutes(
  access: AccessModel,
  governance: Governance | undefined,
  mesh: Mesh | undefined,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/governance',
      {
        schema: {
          tags: ['governance'],
          description:
            "The rules in force for each domain (global rules, the domain's own and its tightenings) and the access policies.",
          response: { 200: GovernanceBody, 401: ErrorResponse, 503: ErrorResponse },
        },
      },
      async () => {
        if (!governance) throw new UnavailableError(GOVERNANCE_NEEDS_RULES);
        const globalSeverity = new Map(governance.rules.global.map((r) => [r.rule.id, r.severity]));
        const json = (r: CompiledRule) => ({
          id: r.rule.id,
          description: r.rule.description,
          target: r.rule.target,
          severity: r.severity,
          owner: r.owner,
          file: r.file,
          line: r.position.line,
          tightened: r.owner === 'global' && globalSeverity.get(r.rule.id) !== r.severity,
        });
        const domains = new Set([
          ...(mesh?.domains.map((d) => d.name) ?? []),
          ...governance.facts.domains,
          ...governance.access.policies.map((p) => p.owner).filter((o) => o !== 'global'),
        ]);
        return {
          global: governance.rules.global.map(json),
          domains: [...domains]
            .sort()
            .map((domain) => ({ domain, rules: governance.rules.forDomain(domain).map(json) })),
          policies: governance.access.policies.map((p) => ({
            id: p.id,
            effect: p.effect,
            owner: p.owner,
            description: p.description ?? null,
            file: p.file,
            line: p.position.line,
          })),
        };
      },
    );
    app.get(
      '/governance/findings',
      {
        preValidation: meshActionHook(
          access,
          'viewFindings',
          'the governance findings are for admins, the governance group and domain owners',
        ),
        schema: {
          tags: ['governance'],
          description:
            "The served mesh's rule violations by domain and by rule, the findings of meshwork doctor and the classification coverage of each domain (admins, governance, owners).",
          response: { 200: FindingsBody, 401: ErrorResponse, 403: ErrorResponse, 503: ErrorResponse },
        },
      },
      async () => {
        if (!governance || !mesh) throw new UnavailableError(FINDINGS_NEED_MESH);
        return meshFindings(mesh, governance);
      },
    );
  };
}

/** Rule findings per domain (its own node and its products'), doctor's findings and coverage. */
function meshFindings(mesh: Mesh, governance: Governance) {
  const facts = meshFacts(mesh);
  const specs = new Map(mesh.domains.map((d) => [d.name, d.loaded.spec]));
  const names = [...new Set([...mesh.domains.map((d) => d.name), ...mesh.products.map((p) => p.domain)])].sort();
  const located = (subject: string) => (d: Diagnostic) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    subject,
    file: d.file,
    line: d.line,
    hint: d.hint,
  });
  const byDomain = names.map((name) => {
    const rules = governance.rules.forDomain(name);
    const domain = mesh.domains.find((d) => d.name === name);
    const findings = domain ? evaluateRules(rules, [domainSubject(domain.loaded, facts)]).map(located(name)) : [];
    for (const product of mesh.products.filter((p) => p.domain === name)) {
      const subjects = productSubjects(
        {
          address: product.address,
          loaded: product.loaded,
          contracts: product.contracts,
          files: product.files,
          domain: specs.get(name),
        },
        facts,
      );
      findings.push(...evaluateRules(rules, subjects).map(located(product.address)));
    }
    return {
      domain: name,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity !== 'error').length,
      findings,
    };
  });
  const byRule = new Map<string, { rule: string; severity: string; count: number; domains: string[] }>();
  for (const d of byDomain) {
    for (const f of d.findings) {
      const entry = byRule.get(f.code) ?? { rule: f.code, severity: f.severity, count: 0, domains: [] };
      entry.count += 1;
      if (!entry.domains.includes(d.domain)) entry.domains.push(d.domain);
      byRule.set(f.code, entry);
    }
  }
  const health = diagnoseMesh(mesh, governance);
  const standard = new Map(health.coverage.map((c) => [c.domain, c]));
  return {
    rules: {
      total: byDomain.reduce((n, d) => n + d.findings.length, 0),
      byDomain,
      byRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    },
    doctor: {
      ok: health.ok,
      findings: health.findings.map((f) => ({
        id: f.id,
        severity: f.severity,
        antiPattern: f.antiPattern,
        subject: f.subject,
        message: f.message,
        fix: f.fix,
        ...(f.file ? { file: f.file } : {}),
        ...(f.line ? { line: f.line } : {}),
      })),
    },
    coverage: names.map((name) => {
      const columns = mesh.products
        .filter((p) => p.domain === name)
        .flatMap((p) => p.contracts.flatMap((c) => c.spec.schema ?? []))
        .flatMap((o) => o.properties ?? []);
      const classified = columns.filter((c) => typeof c.classification === 'string' && c.classification !== '').length;
      const standardOf = standard.get(name);
      return {
        domain: name,
        columns: columns.length,
        classified,
        percent: columns.length ? Math.floor((classified / columns.length) * 100) : null,
        products: standardOf?.products ?? 0,
        meetingStandard: standardOf?.meetingStandard ?? 0,
      };
    }),
  };
}
