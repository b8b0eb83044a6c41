import semver from 'semver';
import { type Diagnostic, diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { didYouMeanHint } from '../diagnostics/did-you-mean.js';
import type { JsonPath, YamlFile } from '../yaml/yaml-file.js';
import type { OdcsContract, OdcsObject, OdcsProperty, OdcsRelationship } from './contract-types.js';

/**
 * Meshwork's checks beyond the JSON Schema: names and ids are unique, SLA elements and relationships point
 * at objects and properties that exist, the version is semver. `referenceSeverity` is `warning` for a
 * standalone contract (upstream examples reference tables defined elsewhere) and `error` inside a mesh.
 */
export function checkContractReferences(
  yaml: YamlFile,
  contract: OdcsContract,
  referenceSeverity: Severity,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: string, severity: Severity, path: JsonPath, message: string, hint: string | null) =>
    out.push(diagnostic({ code, severity, file: yaml.file.path, position: yaml.locate(path), message, hint }));

  checkUniqueIds(yaml.value, [], report);
  const objects = contract.schema ?? [];
  checkUniqueNames(objects, ['schema'], 'object', 'the contract', report);
  objects.forEach((object, i) => {
    checkUniqueNames(
      object.properties ?? [],
      ['schema', i, 'properties'],
      'property',
      `object "${object.name}"`,
      report,
    );
  });

  const resolver = new ReferenceResolver(objects);
  const checkElement = (element: string, path: JsonPath, what: string) => {
    for (const part of element
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const problem = resolver.resolve(part);
      if (problem)
        report(
          'contract-unresolved-reference',
          referenceSeverity,
          path,
          `${what} "${part}": ${problem.message}`,
          problem.hint,
        );
    }
  };
  if (contract.slaDefaultElement)
    checkElement(contract.slaDefaultElement, ['slaDefaultElement'], 'slaDefaultElement names');
  (contract.slaProperties ?? []).forEach((sla, i) => {
    if (typeof sla.element === 'string') {
      checkElement(sla.element, ['slaProperties', i, 'element'], `SLA property "${sla.property}" names element`);
    }
  });

  objects.forEach((object, i) => {
    (object.relationships ?? []).forEach((rel, r) => {
      checkRelationship(rel, ['schema', i, 'relationships', r], resolver, referenceSeverity, report);
    });
    (object.properties ?? []).forEach((property, p) => {
      (property.relationships ?? []).forEach((rel, r) => {
        checkRelationship(rel, ['schema', i, 'properties', p, 'relationships', r], resolver, referenceSeverity, report);
      });
    });
  });

  if (typeof contract.version === 'string' && !semver.valid(contract.version)) {
    report(
      'contract-version-not-semver',
      referenceSeverity,
      ['version'],
      `contract version "${contract.version}" is not a semantic version`,
      'Use MAJOR.MINOR.PATCH, for example 1.0.0; Meshwork decides what a change breaks by the version.',
    );
  }
  return out;
}

type Report = (code: string, severity: Severity, path: JsonPath, message: string, hint: string | null) => void;

function checkRelationship(
  rel: OdcsRelationship,
  path: JsonPath,
  resolver: ReferenceResolver,
  severity: Severity,
  report: Report,
): void {
  for (const end of ['from', 'to'] as const) {
    const value = rel[end];
    if (value === undefined) continue;
    const refs = typeof value === 'string' ? [value] : value;
    refs.forEach((ref, k) => {
      const problem = resolver.resolve(ref);
      const at = typeof value === 'string' ? [...path, end] : [...path, end, k];
      if (problem)
        report(
          'contract-unresolved-reference',
          severity,
          at,
          `relationship ${end} "${ref}": ${problem.message}`,
          problem.hint,
        );
    });
  }
}

/** Resolves `object`, `object.property` and `schema/<id>/properties/<id>` references inside one contract. */
class ReferenceResolver {
  constructor(private readonly objects: readonly OdcsObject[]) {}

  /** Undefined when the reference resolves (or points into another file), else what is wrong. */
  resolve(ref: string): { message: string; hint: string } | undefined {
    if (ref.includes('#')) return undefined; // a reference into another file: not checkable here
    if (ref.includes('/')) return this.resolveQualified(ref);
    const [objectName, propertyName, ...rest] = ref.split('.');
    const object = this.objects.find((o) => o.name === objectName);
    if (!object) {
      return {
        message: `the contract has no object "${objectName}"`,
        hint: this.suggest(
          objectName ?? '',
          this.objects.map((o) => o.name),
          'objects',
        ),
      };
    }
    if (propertyName === undefined) return undefined;
    const property = findProperty(object.properties ?? [], [propertyName, ...rest]);
    if (!property) {
      return {
        message: `object "${object.name}" has no property "${[propertyName, ...rest].join('.')}"`,
        hint: this.suggest(
          propertyName,
          (object.properties ?? []).map((p) => p.name),
          'properties',
        ),
      };
    }
    return undefined;
  }

  private resolveQualified(ref: string): { message: string; hint: string } | undefined {
    const parts = ref.replace(/^\//, '').split('/');
    if (parts[0] !== 'schema') return undefined; // other sections (servers, quality) are not element targets
    const object = this.objects.find((o) => o.id === parts[1]);
    if (!object) {
      return {
        message: `the contract has no object with id "${parts[1]}"`,
        hint: 'Use the `id` of an object in `schema`.',
      };
    }
    if (parts.length < 4) return undefined;
    const property = (object.properties ?? []).find((p) => p.id === parts[3]);
    if (!property) {
      return {
        message: `object "${object.name}" has no property with id "${parts[3]}"`,
        hint: 'Use the `id` of one of its properties.',
      };
    }
    return undefined;
  }

  private suggest(input: string, names: readonly string[], what: string): string {
    return (
      didYouMeanHint(input, names) ??
      (names.length > 0 ? `Its ${what}: ${names.join(', ')}.` : `Declare the ${what} in \`schema\`.`)
    );
  }
}

function findProperty(properties: readonly OdcsProperty[], path: readonly string[]): OdcsProperty | undefined {
  const [head, ...rest] = path;
  const property = properties.find((p) => p.name === head);
  if (!property || rest.length === 0) return property;
  return findProperty(property.properties ?? [], rest);
}

function checkUniqueNames(
  items: readonly { name: string }[],
  path: JsonPath,
  label: string,
  owner: string,
  report: Report,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.name);
    if (earlier === undefined) {
      first.set(item.name, i);
      return;
    }
    report(
      'contract-duplicate-name',
      'error',
      [...path, i, 'name'],
      `${owner} declares ${label} "${item.name}" twice (items ${earlier + 1} and ${i + 1})`,
      `Rename or remove one of them; ${label} names are how consumers address data.`,
    );
  });
}

/** Stable ids must be unique within their containing list (ODCS `StableId`). */
function checkUniqueIds(node: unknown, path: JsonPath, report: Report): void {
  if (Array.isArray(node)) {
    const first = new Map<string, number>();
    node.forEach((item, i) => {
      const id = item && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
      if (typeof id === 'string') {
        const earlier = first.get(id);
        if (earlier === undefined) first.set(id, i);
        else {
          report(
            'contract-duplicate-id',
            'error',
            [...path, i, 'id'],
            `id "${id}" is used twice in "${String(path[path.length - 1])}" (items ${earlier + 1} and ${i + 1})`,
            'Give each item its own id; references resolve by id.',
          );
        }
      }
      checkUniqueIds(item, [...path, i], report);
    });
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) checkUniqueIds(value, [...path, key], report);
  }
}
