import type { Domain, JsonPath, Mesh } from '@meshwork/core';
import { type HealthFinding, listOf, locatedAt } from './health-findings.js';

/** One way of telling a team apart across domains, and the domains where it shows up. */
interface TeamIdentity {
  readonly label: string;
  /** Where the identity is written in each domain.yaml, by domain name. */
  readonly at: Map<string, JsonPath>;
}

/**
 * "Rebranded monolith": one team owns products in more than half of the domains (and in at least 2). A
 * team is recognised by its `team.name` (case and surrounding spaces ignored) or by the e-mail of a member
 * with role owner. One finding per set of domains, however many identities point at it.
 */
export function checkRebrandedMonolith(mesh: Mesh): HealthFinding[] {
  const total = mesh.domains.length;
  if (total < 2) return [];
  const withProducts = new Set(mesh.products.map((p) => p.domain));
  const identities = new Map<string, TeamIdentity>();
  const note = (key: string, label: string, domain: Domain, path: JsonPath) => {
    const identity = identities.get(key) ?? { label, at: new Map<string, JsonPath>() };
    identities.set(key, identity);
    if (!identity.at.has(domain.name)) identity.at.set(domain.name, path);
  };
  for (const domain of mesh.domains) {
    const { team } = domain.loaded.spec;
    note(`team:${team.name.trim().toLowerCase()}`, `team "${team.name.trim()}"`, domain, ['team', 'name']);
    team.members.forEach((member, i) => {
      if (member.role !== 'owner') return;
      const email = member.email.trim().toLowerCase();
      note(`owner:${email}`, `owner ${email}`, domain, ['team', 'members', i, 'email']);
    });
  }
  const bySet = new Map<string, { labels: string[]; domains: string[]; first: [Domain, JsonPath] }>();
  for (const identity of identities.values()) {
    const owning = [...identity.at.keys()].filter((d) => withProducts.has(d)).sort();
    if (owning.length < 2 || owning.length * 2 <= total) continue;
    const key = owning.join(',');
    const entry = bySet.get(key);
    if (entry) {
      entry.labels.push(identity.label);
      continue;
    }
    const firstDomain = mesh.domains.find((d) => d.name === owning[0]) as Domain;
    bySet.set(key, {
      labels: [identity.label],
      domains: owning,
      first: [firstDomain, identity.at.get(firstDomain.name) as JsonPath],
    });
  }
  return [...bySet.values()].map(
    ({ labels, domains, first: [domain, path] }): HealthFinding => ({
      id: 'doctor-rebranded-monolith',
      severity: 'warning',
      antiPattern: 'Rebranded monolith',
      subject: domains.join(', '),
      message: `${listOf(labels)} ${labels.length === 1 ? 'owns' : 'own'} products in ${domains.length} of ${total} domains (${listOf(domains)}): a central team with domain names is a rebranded monolith`,
      fix: 'Give each domain its own team, named for the domain and with its own accountable owner, that builds and runs its products end to end; if these domains are really one, merge them into one domain.',
      ...locatedAt(domain.loaded.yaml, path),
    }),
  );
}

/** "Domains without products": a domain that publishes nothing yet. */
export function checkDomainsWithoutProducts(mesh: Mesh): HealthFinding[] {
  const withProducts = new Set(mesh.products.map((p) => p.domain));
  return mesh.domains
    .filter((d) => !withProducts.has(d.name))
    .map(
      (domain): HealthFinding => ({
        id: 'doctor-domain-without-products',
        severity: 'warning',
        antiPattern: 'Domains without products',
        subject: domain.name,
        message: `domain ${domain.name} publishes no data products: a domain in name only`,
        fix: `Publish the data ${domain.name} is the source of truth for as a product (domains/${domain.name}/products/<id>/ with product.yaml, a contract and README.md), or fold the domain into the one that does the work.`,
        ...locatedAt(domain.loaded.yaml, ['name']),
      }),
    );
}
