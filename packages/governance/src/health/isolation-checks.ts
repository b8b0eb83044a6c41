import type { Domain, Mesh } from '@meshwork/core';
import { type HealthFinding, listOf, locatedAt } from './health-findings.js';

/** Engineers an account-per-domain domain needs, at least, to run its own account. */
export const MIN_ACCOUNT_ENGINEERS = 3;

/**
 * "Compliance without isolation": a domain whose `compliance` tags include one that not every other domain
 * carries (a regime of its own), but whose isolation is not `account`. Compliance is the override: it
 * decides the pattern before team size or cost do. A mesh of one domain has nothing to compare with.
 */
export function checkComplianceIsolation(mesh: Mesh): HealthFinding[] {
  const out: HealthFinding[] = [];
  for (const domain of mesh.domains) {
    const { isolation } = domain.loaded.spec;
    const own = ownComplianceTags(mesh, domain);
    if (isolation === 'account' || own.length === 0) continue;
    out.push({
      id: 'doctor-compliance-without-isolation',
      severity: 'warning',
      antiPattern: 'Compliance without isolation',
      subject: domain.name,
      message: `domain ${domain.name} is under ${listOf(own)}, which not every other domain is, yet it is ${isolation}-per-domain: compliance is the override, and a regime of its own calls for an account of its own`,
      fix: `Run \`meshwork domain upgrade ${domain.name} --to account\` (it adds shares for the products other domains read), or, if the regime does not apply to the domain, remove it from \`compliance:\`.`,
      ...locatedAt(domain.loaded.yaml, ['compliance']),
    });
  }
  return out;
}

/**
 * "Isolation heavier than the team": an account-per-domain domain with fewer than 3 engineers. Engineers
 * are the team members with role `engineer`; owners and analysts are not counted, since they do not run
 * the account's engine, keys and shares. The message says so.
 */
export function checkTeamSize(mesh: Mesh): HealthFinding[] {
  const out: HealthFinding[] = [];
  for (const domain of mesh.domains) {
    const { isolation, team } = domain.loaded.spec;
    if (isolation !== 'account') continue;
    const engineers = team.members.filter((m) => m.role === 'engineer').length;
    if (engineers >= MIN_ACCOUNT_ENGINEERS) continue;
    out.push({
      id: 'doctor-small-team-on-account',
      severity: 'warning',
      antiPattern: 'Isolation heavier than the team',
      subject: domain.name,
      message: `domain ${domain.name} is account-per-domain with ${engineers} engineer${engineers === 1 ? '' : 's'} (members with role engineer; owners and analysts not counted): team size first, a small team cannot absorb account-level overhead`,
      fix: fixOf(domain.name, ownComplianceTags(mesh, domain)),
      ...locatedAt(domain.loaded.yaml, ['isolation']),
    });
  }
  return out;
}

function fixOf(domain: string, own: readonly string[]): string {
  const staff = `Staff ${domain} with at least ${MIN_ACCOUNT_ENGINEERS} engineers`;
  if (own.length > 0)
    return `${staff}: its own compliance regime (${own.join(', ')}) is the override that keeps it on an account.`;
  return `${staff}, or run it workspace-per-domain, which gives it its own engine and limits for less upkeep (a manual move: \`meshwork domain upgrade\` refuses downgrades).`;
}

/** The domain's compliance tags that not every other domain carries; none in a mesh of one domain. */
function ownComplianceTags(mesh: Mesh, domain: Domain): string[] {
  const others = mesh.domains.filter((d) => d !== domain);
  if (others.length === 0) return [];
  return (domain.loaded.spec.compliance ?? []).filter((tag) =>
    others.some((o) => !(o.loaded.spec.compliance ?? []).includes(tag)),
  );
}
