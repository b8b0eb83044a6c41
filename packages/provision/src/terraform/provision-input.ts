import type { IsolationPattern, Mesh } from '@meshwork/core';

/** The clouds Meshwork writes Terraform for. */
export const CLOUDS = ['aws', 'azure', 'gcp'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** What provisioning needs to know about one domain, read from its `domain.yaml` and product folders. */
export interface ProvisionDomain {
  readonly name: string;
  readonly pattern: IsolationPattern;
  /** `costCenter`, else the domain name: the `cost_center` tag chargeback groups by. */
  readonly costCenter: string;
  readonly compliance: readonly string[];
  /** Product ids, sorted. */
  readonly products: readonly string[];
  /** Shared products (account-per-domain): product id → consumer domains, sorted. */
  readonly shares: Readonly<Record<string, readonly string[]>>;
  /** Who receives the account's mail (on-call e-mail, else the owner's). */
  readonly contactEmail: string;
}

/** The input of the Terraform generator: the mesh's name and its domains, sorted by name. */
export interface ProvisionInput {
  readonly mesh: string;
  readonly domains: readonly ProvisionDomain[];
}

/**
 * Reads what provisioning needs from a loaded mesh. Sorted throughout, so the same mesh always gives the
 * same Terraform.
 *
 * @example
 * provisionInputFromMesh(mesh).domains.map((d) => [d.name, d.pattern, d.costCenter])
 * // [['finance', 'account', 'CC-2200'], ['logistics', 'workspace', 'CC-3300'], ['marketing', 'schema', 'CC-1100']]
 */
export function provisionInputFromMesh(mesh: Mesh): ProvisionInput {
  const domains = [...mesh.domains]
    .sort((a, b) => compare(a.name, b.name))
    .map((d): ProvisionDomain => {
      const spec = d.loaded.spec;
      const owner = spec.team.members.find((m) => m.role === 'owner') ?? spec.team.members[0];
      const shares: Record<string, readonly string[]> = {};
      for (const share of [...(spec.shares ?? [])].sort((a, b) => compare(a.product, b.product))) {
        shares[share.product] = [...share.with].sort(compare);
      }
      return {
        name: d.name,
        pattern: spec.isolation,
        costCenter: spec.costCenter ?? d.name,
        compliance: [...(spec.compliance ?? [])].sort(compare),
        products: mesh.products
          .filter((p) => p.domain === d.name)
          .map((p) => p.id)
          .sort(compare),
        shares,
        contactEmail: spec.onCall.email ?? owner?.email ?? `${d.name}@example.com`,
      };
    });
  return { mesh: mesh.config?.spec.name ?? 'mesh', domains };
}

/** Code-point order: the same in every locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
