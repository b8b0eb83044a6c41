import { writeFileSync } from 'node:fs';
import { type Catalog, createToken, ensureUser, type Role, revokeTokens, type User } from '@meshwork/catalog';
import type { Mesh } from '@meshwork/core';
import { upstreamOf } from '@meshwork/engine';

/** A seeded dev user and what the sign-in line calls them. */
export interface DevUser {
  readonly label: string;
  readonly user: User;
  readonly token: string;
}

/**
 * One user per role, taken from the mesh's own teams so the walk-through is concrete: the owner of the
 * domain with most products, an analyst of a domain that reads another domain's products (a consumer), an
 * engineer of a third domain (a member), plus a governance officer and an admin. Their tokens are renewed
 * on every start and written to `file` (mode 0600) as { email: token }.
 */
export async function seedDevUsers(catalog: Catalog, mesh: Mesh, meshName: string, file: string): Promise<DevUser[]> {
  const byProducts = [...mesh.domains].sort(
    (a, b) =>
      mesh.products.filter((p) => p.domain === b.name).length -
        mesh.products.filter((p) => p.domain === a.name).length || a.name.localeCompare(b.name),
  );
  const consumers = byProducts.filter((d) =>
    mesh.products.some((p) => p.domain === d.name && upstreamOf(p).some((u) => !u.startsWith(`${d.name}.`))),
  );
  const pick = (domains: typeof byProducts, role: string, exclude: string[]) => {
    for (const d of domains) {
      if (exclude.includes(d.name)) continue;
      const member = d.loaded.spec.team.members.find((m) => m.role === role);
      if (member) return { domain: d.name, member };
    }
    return undefined;
  };
  const wanted: { label: string; role: Role; name: string; email: string; domain: string | null }[] = [];
  const owner = pick(byProducts, 'owner', []);
  if (owner)
    wanted.push({
      label: `a ${owner.domain} owner`,
      role: 'owner',
      name: owner.member.name,
      email: owner.member.email,
      domain: owner.domain,
    });
  const analyst =
    pick(consumers, 'analyst', owner ? [owner.domain] : []) ?? pick(byProducts, 'analyst', owner ? [owner.domain] : []);
  if (analyst)
    wanted.push({
      label: `a ${analyst.domain} analyst`,
      role: 'consumer',
      name: analyst.member.name,
      email: analyst.member.email,
      domain: analyst.domain,
    });
  const used = [owner?.domain, analyst?.domain].filter((d): d is string => d !== undefined);
  const engineer = pick(byProducts, 'engineer', used) ?? pick(byProducts, 'engineer', []);
  if (engineer)
    wanted.push({
      label: `a ${engineer.domain} engineer`,
      role: 'member',
      name: engineer.member.name,
      email: engineer.member.email,
      domain: engineer.domain,
    });
  wanted.push({
    label: 'a governance officer',
    role: 'governance',
    name: 'Governance officer',
    email: `governance@${meshName}.example`,
    domain: null,
  });
  wanted.push({ label: 'admin', role: 'admin', name: 'Mesh admin', email: `admin@${meshName}.example`, domain: null });

  const out: DevUser[] = [];
  for (const w of wanted) {
    const user = await ensureUser(catalog.db, {
      name: w.name,
      email: w.email,
      role: w.role,
      domain: w.domain,
      clearance: clearanceOf(w.role, mesh),
    });
    await revokeTokens(catalog.db, user.id, 'dev');
    out.push({ label: w.label, user, token: await createToken(catalog.db, user.id, 'dev') });
  }
  writeFileSync(file, `${JSON.stringify(Object.fromEntries(out.map((u) => [u.user.email, u.token])), null, 2)}\n`, {
    mode: 0o600,
  });
  return out;
}

/**
 * The clearance a seeded user gets, chosen so that the personas between them meet every masking method of
 * the default taxonomy: owners, the governance group and admins the most sensitive level (pii by default:
 * nothing masked); consumers (the analyst) `confidential`: they work with business figures, and personal
 * data is redacted for them unless a grant names the columns; members (the engineer) `internal`: business
 * figures are hashed and personal data redacted for them. A level the mesh's taxonomy does not have falls
 * back to its least sensitive one.
 */
export function clearanceOf(role: Role, mesh: Mesh): string {
  const levels = mesh.taxonomy.levels.map((l) => l.name);
  const least = levels[0] ?? 'public';
  const most = levels[levels.length - 1] ?? least;
  const known = (level: string) => (levels.includes(level) ? level : least);
  if (role === 'consumer') return known('confidential');
  if (role === 'member') return known('internal');
  return most;
}
