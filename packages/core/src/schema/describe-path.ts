import type { JsonPath } from '../yaml/yaml-file.js';

/** What an element of a named list is called in messages, by the list's key. */
const ELEMENT_LABELS: Record<string, string> = {
  schema: 'object',
  properties: 'property',
  items: 'item',
  quality: 'quality rule',
  slaProperties: 'SLA property',
  servers: 'server',
  members: 'team member',
  team: 'team member',
  roles: 'role',
  support: 'support channel',
  inputPorts: 'input port',
  outputPorts: 'output port',
  relationships: 'relationship',
  customProperties: 'custom property',
  authoritativeDefinitions: 'authoritative definition',
};

/** The plain value at `path`, or undefined. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node;
}

/**
 * Names the node at `path` the way a user thinks of it: `property "amount"` for an element of a
 * `properties` list with a name, `SLA property 2` without one, and for a key inside such an element
 * `property "amount" field "logicalTypeOptions.dimensions"`.
 */
export function describePath(root: unknown, path: JsonPath, documentLabel: string): string {
  if (path.length === 0) return documentLabel;
  let lastIndex = -1;
  for (let i = path.length - 1; i >= 1; i--) {
    if (isIndex(path[i])) {
      lastIndex = i;
      break;
    }
  }
  if (lastIndex === -1) return `field "${dotted(path)}"`;
  const element = path.slice(0, lastIndex + 1);
  const label = ELEMENT_LABELS[String(path[lastIndex - 1])] ?? `${String(path[lastIndex - 1])} item`;
  const value = valueAt(root, element);
  const name = value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
  const owner = typeof name === 'string' ? `${label} "${name}"` : `${label} ${Number(path[lastIndex]) + 1}`;
  const rest = path.slice(lastIndex + 1);
  return rest.length === 0 ? owner : `${owner} field "${dotted(rest)}"`;
}

function isIndex(segment: string | number | undefined): boolean {
  return segment !== undefined && /^\d+$/.test(String(segment));
}

function dotted(path: JsonPath): string {
  return path.map((s, i) => (isIndex(s) ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}
