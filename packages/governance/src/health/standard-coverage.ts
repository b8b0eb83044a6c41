import type { DomainSpec, Mesh, Product } from '@meshwork/core';
import { evaluateRules } from '../rules/evaluate-rules.js';
import { meshFacts } from '../rules/mesh-rules.js';
import { type MeshFacts, productSubjects } from '../rules/rule-subjects.js';
import {
  type DomainCoverage,
  type HealthFinding,
  type HealthGovernance,
  listOf,
  locatedAt,
} from './health-findings.js';

/** A product below the standard and the ids of the error-severity rules it breaks. */
interface ProductBelow {
  readonly address: string;
  readonly rules: readonly string[];
}

/**
 * Standard coverage per domain: the share of its products with no error-severity violation of the rules
 * in force for the domain (global rules, the domain's own and its tightenings), evaluated as at validate.
 * Rules that fail at run time are skipped there and not counted here. Domain-level rules are not about
 * products and do not count.
 */
export function standardCoverage(
  mesh: Mesh,
  governance: HealthGovernance,
): { coverage: DomainCoverage[]; below: Map<string, ProductBelow[]> } {
  const facts = meshFacts(mesh);
  const specs = new Map(mesh.domains.map((d) => [d.name, d.loaded.spec]));
  const below = new Map<string, ProductBelow[]>();
  const coverage = mesh.domains.map((domain): DomainCoverage => {
    const products = mesh.products.filter((p) => p.domain === domain.name);
    const failing: ProductBelow[] = [];
    for (const product of products) {
      const rules = breakingRules(product, governance, specs.get(product.domain), facts);
      if (rules.length > 0) failing.push({ address: product.address, rules });
    }
    below.set(domain.name, failing);
    const meetingStandard = products.length - failing.length;
    return {
      domain: domain.name,
      products: products.length,
      meetingStandard,
      percent: products.length === 0 ? null : Math.floor((100 * meetingStandard) / products.length),
    };
  });
  return { coverage, below };
}

function breakingRules(
  product: Product,
  governance: HealthGovernance,
  domain: DomainSpec | undefined,
  facts: MeshFacts,
): string[] {
  const subjects = productSubjects(
    { address: product.address, loaded: product.loaded, contracts: product.contracts, files: product.files, domain },
    facts,
  );
  const errors = evaluateRules(governance.rules.forDomain(product.domain), subjects).filter(
    (d) => d.severity === 'error',
  );
  return [...new Set(errors.map((d) => d.code))].sort();
}

/**
 * "Products without the standard": one finding per domain with products. Info with its coverage at 100 %,
 * a warning below, naming the products that fall short and the rules they break.
 */
export function checkStandardCoverage(mesh: Mesh, governance: HealthGovernance): HealthFinding[] {
  const { coverage, below } = standardCoverage(mesh, governance);
  const out: HealthFinding[] = [];
  for (const entry of coverage) {
    if (entry.percent === null) continue;
    const domain = mesh.domains.find((d) => d.name === entry.domain);
    if (!domain) continue;
    const share = `${entry.percent} % (${entry.meetingStandard} of ${entry.products} product${entry.products === 1 ? '' : 's'} with no error-severity violation of the rules in force)`;
    const where = locatedAt(domain.loaded.yaml, ['name']);
    const failing = below.get(entry.domain) ?? [];
    if (failing.length === 0) {
      out.push({
        id: 'doctor-standard-coverage',
        severity: 'info',
        antiPattern: 'Products without the standard',
        subject: entry.domain,
        message: `standard coverage of ${entry.domain}: ${share}`,
        fix: 'Nothing to do; meshwork validate keeps new products to the standard.',
        ...where,
      });
      continue;
    }
    const named = failing.map((f) => `${f.address} breaks ${listOf(f.rules)}`);
    out.push({
      id: 'doctor-products-without-standard',
      severity: 'warning',
      antiPattern: 'Products without the standard',
      subject: entry.domain,
      message: `standard coverage of ${entry.domain}: ${share}; ${named.join('; ')}`,
      fix: 'Fix the error-severity rule violations `meshwork validate` reports for these products (each comes with its fix); meshwork publish refuses a product below the standard.',
      ...where,
    });
  }
  return out;
}
