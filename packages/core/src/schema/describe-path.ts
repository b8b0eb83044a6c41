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
 * `properties` list with a name, `SLA property 2` without one, `field "support"` for a mapping key.
 */
export function describeNode(root: unknown, path: JsonPath, documentLabel: string): string {
  if (path.length === 0) return documentLabel;
  const last = path[path.length - 1];
  const parentKey = path.length >= 2 ? String(path[path.length - 2]) : undefined;
  if (isIndex(last) && parentKey !== undefined) {
    const label = ELEMENT_LABELS[parentKey] ?? `${parentKey} item`;
    const value = valueAt(root, path);
    const name = value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
    return typeof name === 'string' ? `${label} "${name}"` : `${label} ${Number(last) + 1}`;
  }
  return `field "${dotted(path)}"`;
}

/** Names a field inside its owner: `property "amount" field logicalType`, or `field "apiVersion"`. */
export function describeField(root: unknown, path: JsonPath, documentLabel: string): string {
  if (path.length === 0) return documentLabel;
  const last = path[path.length - 1];
  if (isIndex(last)) return describeNode(root, path, documentLabel);
  const owner = path.slice(0, -1);
  if (owner.length === 0) return `field "${String(last)}"`;
  return `${describeNode(root, owner, documentLabel)} field "${String(last)}"`;
}

function isIndex(segment: string | number | undefined): boolean {
  return segment !== undefined && /^\d+$/.test(String(segment));
}

function dotted(path: JsonPath): string {
  return path.map((s, i) => (isIndex(s) ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}
