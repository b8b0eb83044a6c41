import type { Mesh } from '@meshwork/core';
import { checkPiiCopied } from './classification-flow.js';
import { checkBottleneckDomains, checkDomainCycles, checkProductsWithoutConsumers } from './dependency-checks.js';
import { type HealthCheck, type HealthGovernance, type MeshHealth, sortFindings } from './health-findings.js';
import { checkComplianceIsolation, checkTeamSize } from './isolation-checks.js';
import { checkDomainsWithoutProducts, checkRebrandedMonolith } from './ownership-checks.js';
import { checkStandardCoverage, standardCoverage } from './standard-coverage.js';

/** Every check of `meshwork doctor`, in the order of the anti-patterns they look for. */
export const HEALTH_CHECKS: readonly HealthCheck[] = [
  checkRebrandedMonolith,
  checkStandardCoverage,
  checkDomainsWithoutProducts,
  checkProductsWithoutConsumers,
  checkDomainCycles,
  checkBottleneckDomains,
  checkPiiCopied,
  checkComplianceIsolation,
  checkTeamSize,
];

/**
 * The health of a loaded mesh: the data-mesh anti-patterns a machine can see in its files, each finding
 * citing its anti-pattern and saying what to do, plus the standard coverage of every domain. Pure: reads
 * the mesh and its compiled governance (`compileGovernance(mesh)`), nothing else. Products and domains
 * that did not load are not seen; run it on a mesh that validates for a complete picture.
 *
 * @example
 * const { mesh, governance } = validateMesh(source);
 * const { ok, findings, coverage } = diagnoseMesh(mesh, governance);
 */
export function diagnoseMesh(mesh: Mesh, governance: HealthGovernance): MeshHealth {
  const findings = sortFindings(HEALTH_CHECKS.flatMap((check) => check(mesh, governance)));
  return {
    ok: !findings.some((f) => f.severity === 'error'),
    findings,
    coverage: standardCoverage(mesh, governance).coverage,
  };
}
