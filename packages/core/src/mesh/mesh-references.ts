import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMeanHint } from '../diagnostics/did-you-mean.js';
import { parseAddress } from './address.js';
import type { Mesh, Product } from './mesh-types.js';

/**
 * Checks what ties the products of a mesh together: every product's domain exists, contract ids are
 * unique across the mesh, every input port names exactly one of a product or a source and the product
 * and port exist, and no dependency cycle exists between products.
 */
export function checkMeshReferences(mesh: Mesh): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byAddress = new Map(mesh.products.map((p) => [p.address, p]));
  const domains = new Set(mesh.domains.map((d) => d.name));

  const contractOwners = new Map<string, Product>();
  for (const product of mesh.products) {
    for (const contract of product.contracts) {
      const owner = contractOwners.get(contract.spec.id);
      if (owner && owner !== product) {
        out.push(
          diagnostic({
            code: 'contract-duplicate-id',
            severity: 'error',
            file: contract.yaml.file.path,
            position: contract.yaml.locate(['id']),
            message: `contract id "${contract.spec.id}" is also used by product ${owner.address}`,
            hint: 'Contract ids are unique across the mesh; prefix them with domain and product, e.g. urn:acme:marketing:attribution.',
          }),
        );
      } else contractOwners.set(contract.spec.id, product);
    }
  }

  const upstream = new Map<string, string[]>();
  for (const product of mesh.products) {
    const { spec, yaml } = product.loaded;
    const report = (path: readonly (string | number)[], code: string, message: string, hint: string) =>
      out.push(
        diagnostic({ code, severity: 'error', file: yaml.file.path, position: yaml.locate(path), message, hint }),
      );
    if (!domains.has(product.domain)) continue; // the domain's own findings explain it
    const edges: string[] = [];
    (spec.inputPorts ?? []).forEach((port, i) => {
      const path = ['inputPorts', i];
      if ((port.product === undefined) === (port.source === undefined)) {
        report(
          path,
          'input-port-kind',
          `input port "${port.name}" must name exactly one of \`product\` or \`source\``,
          'Use `product: domain.product` to read a data product, or `source:` with a path and format to read files.',
        );
        return;
      }
      if (port.product === undefined) return;
      const address = parseAddress(port.product);
      if (!address || address.table !== undefined) {
        report(
          [...path, 'product'],
          'input-port-address',
          `input port "${port.name}" names "${port.product}", which is not a product address`,
          'Write the address as domain.product, for example marketing.attribution.',
        );
        return;
      }
      const target = byAddress.get(port.product);
      if (!target) {
        if (mesh.failed.includes(port.product)) return; // its own diagnostics explain why it is missing
        report(
          [...path, 'product'],
          'input-port-unresolved',
          `input port "${port.name}" reads ${port.product}, which is not a product of this mesh`,
          didYouMeanHint(port.product, byAddress.keys()) ?? `Products: ${[...byAddress.keys()].join(', ')}.`,
        );
        return;
      }
      const ports = target.loaded.spec.outputPorts.map((p) => p.name);
      if (port.port !== undefined && !ports.includes(port.port)) {
        report(
          [...path, 'port'],
          'input-port-unresolved',
          `input port "${port.name}" reads output port "${port.port}" of ${port.product}, which has only ${ports.join(', ')}`,
          didYouMeanHint(port.port, ports) ?? `Use one of ${ports.join(', ')}.`,
        );
      } else if (port.port === undefined && ports.length > 1) {
        report(
          path,
          'input-port-ambiguous',
          `input port "${port.name}" reads ${port.product}, which has several output ports (${ports.join(', ')})`,
          'Add `port:` naming the one to read.',
        );
      }
      if (target === product) {
        report(
          [...path, 'product'],
          'dependency-cycle',
          `product ${product.address} reads itself through input port "${port.name}"`,
          'Remove the input port; a product cannot be built from itself.',
        );
        return;
      }
      edges.push(target.address);
    });
    upstream.set(product.address, edges);
  }

  for (const domain of mesh.domains) {
    const { yaml, spec } = domain.loaded;
    (spec.shares ?? []).forEach((share, i) => {
      const path = ['shares', i];
      const own = mesh.products.filter((p) => p.domain === domain.name).map((p) => p.id);
      if (!own.includes(share.product) && !mesh.failed.includes(`${domain.name}.${share.product}`)) {
        out.push(
          diagnostic({
            code: 'share-unresolved',
            severity: 'error',
            file: yaml.file.path,
            position: yaml.locate([...path, 'product']),
            message: `domain ${domain.name} shares product "${share.product}", which it does not have`,
            hint: didYouMeanHint(share.product, own) ?? `Its products: ${own.join(', ') || 'none'}.`,
          }),
        );
      }
      share.with.forEach((other, k) => {
        if (other === domain.name || !domains.has(other)) {
          out.push(
            diagnostic({
              code: 'share-unresolved',
              severity: 'error',
              file: yaml.file.path,
              position: yaml.locate([...path, 'with', k]),
              message:
                other === domain.name
                  ? `domain ${domain.name} shares ${share.product} with itself`
                  : `domain ${domain.name} shares ${share.product} with ${other}, which is not a domain of this mesh`,
              hint: didYouMeanHint(other, domains) ?? `Domains: ${[...domains].join(', ')}.`,
            }),
          );
        }
      });
    });
  }

  for (const cycle of findCycles(upstream)) {
    const first = byAddress.get(cycle[0] as string);
    if (!first) continue;
    const { yaml, spec } = first.loaded;
    const index = (spec.inputPorts ?? []).findIndex((p) => p.product === cycle[1]);
    out.push(
      diagnostic({
        code: 'dependency-cycle',
        severity: 'error',
        file: yaml.file.path,
        position: yaml.locate(['inputPorts', Math.max(index, 0), 'product']),
        message: `dependency cycle between products: ${cycle.join(' → ')}`,
        hint: 'Break the cycle: one of these products must stop reading the next one.',
      }),
    );
  }
  return out;
}

/** Each elementary cycle found by a depth-first search, reported once, as a closed path a → b → a. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
