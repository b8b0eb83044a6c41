import type { OdcsProperty } from '../contract/contract-types.js';
import { slaDurationMs } from '../contract/sla-duration.js';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMeanHint } from '../diagnostics/did-you-mean.js';
import type { JsonPath } from '../yaml/yaml-file.js';
import type { Mesh } from './mesh-types.js';

/**
 * Enforces the classification taxonomy on every contract of the mesh: a property's `classification` must
 * name a level; the domain's isolation pattern must be one the level allows; the contract's retention SLA
 * must not exceed the shortest maximum retention of the levels it holds.
 */
export function checkClassifications(mesh: Mesh): Diagnostic[] {
  const out: Diagnostic[] = [];
  const levels = new Map(mesh.taxonomy.levels.map((l) => [l.name, l]));
  const names = mesh.taxonomy.levels.map((l) => l.name);
  const patterns = new Map(mesh.domains.map((d) => [d.name, d.loaded.spec.isolation]));
  for (const product of mesh.products) {
    const pattern = patterns.get(product.domain);
    for (const contract of product.contracts) {
      const { yaml, spec } = contract;
      const held = new Set<string>();
      const visit = (properties: readonly OdcsProperty[], path: JsonPath) => {
        properties.forEach((property, i) => {
          const at = [...path, i];
          const name = property.classification;
          if (typeof name === 'string') {
            const level = levels.get(name);
            if (!level) {
              out.push(
                diagnostic({
                  code: 'classification-unknown',
                  severity: 'error',
                  file: yaml.file.path,
                  position: yaml.locate([...at, 'classification']),
                  message: `property "${property.name}" has classification "${name}", which is not a level of the taxonomy (${names.join(', ')})`,
                  hint:
                    didYouMeanHint(name, names) ??
                    `Use one of ${names.join(', ')}, or add the level to governance/classification.yaml.`,
                }),
              );
            } else {
              held.add(name);
              if (pattern && !level.allowedPatterns.includes(pattern)) {
                out.push(
                  diagnostic({
                    code: 'classification-pattern',
                    severity: 'error',
                    file: yaml.file.path,
                    position: yaml.locate([...at, 'classification']),
                    message: `property "${property.name}" is ${name}, which the taxonomy allows only in ${level.allowedPatterns.join(', ')}-per-domain domains; ${product.domain} is ${pattern}-per-domain`,
                    hint: `Move the domain to a stronger pattern (meshwork domain upgrade ${product.domain} --to ${level.allowedPatterns.find((p) => p !== 'schema') ?? 'account'}) or reclassify the property.`,
                  }),
                );
              }
            }
          }
          if (property.properties) visit(property.properties, [...at, 'properties']);
        });
      };
      for (const [o, object] of (spec.schema ?? []).entries())
        visit(object.properties ?? [], ['schema', o, 'properties']);
      const limits = [...held].flatMap((n) => {
        const max = levels.get(n)?.maxRetention;
        const [, value, unit] = /^([0-9.]+)\s*([a-z]+)$/.exec(max ?? '') ?? [];
        const ms = max ? slaDurationMs(Number(value), unit) : undefined;
        return ms === undefined ? [] : [{ level: n, max: max as string, ms }];
      });
      (spec.slaProperties ?? []).forEach((sla, i) => {
        if (sla.property !== 'retention') return;
        const ms = slaDurationMs(sla.value, sla.unit);
        const exceeded = limits.filter((l) => ms !== undefined && ms > l.ms);
        for (const limit of exceeded) {
          out.push(
            diagnostic({
              code: 'classification-retention',
              severity: 'error',
              file: yaml.file.path,
              position: yaml.locate(['slaProperties', i, 'value']),
              message:
                `retention ${String(sla.value)} ${String(sla.unit ?? '')} exceeds the maximum retention of ${limit.level} data (${limit.max}), which this contract holds`.replace(
                  /\s+/g,
                  ' ',
                ),
              hint: `Shorten the retention to at most ${limit.max}, or stop holding ${limit.level} columns in this product.`,
            }),
          );
        }
      });
    }
  }
  return out;
}
