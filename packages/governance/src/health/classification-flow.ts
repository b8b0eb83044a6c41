import type { JsonPath, LoadedContract, Mesh, OdcsProperty, Product } from '@meshwork/core';
import { type HealthFinding, type HealthGovernance, locatedAt } from './health-findings.js';
import { productReads } from './product-reads.js';

/** A property of a contract with where it is written. */
interface PropertyAt {
  readonly property: OdcsProperty;
  readonly contract: LoadedContract;
  readonly path: JsonPath;
}

/**
 * "PII copied without classification": a product reads a product of another domain that classifies a
 * property as `pii` or at any level the taxonomy masks (masking other than `none`), and has a property of
 * the same name in its own contracts with no classification. The copy would reach consumers unmasked.
 * One error per unclassified property, located at it. Nested properties count by their own name.
 */
export function checkPiiCopied(mesh: Mesh, governance: HealthGovernance): HealthFinding[] {
  const masked = new Set(governance.taxonomy.levels.filter((l) => l.masking !== 'none').map((l) => l.name));
  masked.add('pii');
  const out: HealthFinding[] = [];
  const reported = new Set<string>();
  for (const read of productReads(mesh)) {
    if (read.reader.domain === read.upstream.domain) continue;
    const sensitive = new Map<string, string>();
    for (const { property } of propertiesOf(read.upstream, read.portName)) {
      const level = property.classification;
      if (typeof level === 'string' && masked.has(level) && !sensitive.has(property.name))
        sensitive.set(property.name, level);
    }
    if (sensitive.size === 0) continue;
    for (const { property, contract, path } of propertiesOf(read.reader, undefined)) {
      const level = sensitive.get(property.name);
      if (level === undefined || hasClassification(property)) continue;
      const key = `${contract.yaml.file.path}#${path.join('/')}`;
      if (reported.has(key)) continue;
      reported.add(key);
      out.push({
        id: 'doctor-pii-copied-unclassified',
        severity: 'error',
        antiPattern: 'PII copied without classification',
        subject: read.reader.address,
        message: `${read.reader.address} reads ${read.upstream.address}, where "${property.name}" is classified ${level}, and its contract ${contract.spec.id} has a property "${property.name}" with no classification: the copy reaches its consumers unmasked`,
        fix: `Add \`classification: ${level}\` to "${property.name}" in ${contract.spec.id} (as upstream), so it is masked for consumers without clearance; if the column no longer holds that data, rename it.`,
        ...locatedAt(contract.yaml, path),
      });
    }
  }
  return out;
}

function hasClassification(property: OdcsProperty): boolean {
  return typeof property.classification === 'string' && property.classification.trim() !== '';
}

/**
 * Every property (nested ones too) of a product's contracts; with `portName`, only of the contract behind
 * that output port, when the port exists.
 */
function propertiesOf(product: Product, portName: string | undefined): PropertyAt[] {
  const port = portName === undefined ? undefined : product.loaded.spec.outputPorts.find((p) => p.name === portName);
  const contracts = port ? product.contracts.filter((c) => c.spec.id === port.contractId) : product.contracts;
  const out: PropertyAt[] = [];
  const visit = (contract: LoadedContract, properties: readonly OdcsProperty[] | undefined, path: JsonPath) => {
    (properties ?? []).forEach((property, i) => {
      const at = [...path, i];
      if (typeof property.name === 'string') out.push({ property, contract, path: at });
      visit(contract, property.properties, [...at, 'properties']);
    });
  };
  for (const contract of contracts) {
    for (const [o, object] of (contract.spec.schema ?? []).entries())
      visit(contract, object.properties, ['schema', o, 'properties']);
  }
  return out;
}
