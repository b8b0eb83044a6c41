import type { OdcsContract, OdcsObject, OdcsProperty, OdcsSlaProperty } from '../contract/contract-types.js';
import { slaDurationMs } from '../contract/sla-duration.js';
import { CHANGE_RULES, type ContractChange } from './contract-change.js';

/**
 * Classifies every difference between two versions of a contract (see {@link CHANGE_RULES}): removed or
 * retyped columns, new constraints, narrowed bounds and value lists, changed classifications and weaker
 * SLAs are breaking; new limits where there were none and removed quality rules are warnings; additions
 * and documentation are info. Breaking changes come first.
 *
 * @example
 * diffContracts(v1, v2) // [{ code: 'type-changed', severity: 'breaking', location: 'orders.amount', message: '...' }]
 */
export function diffContracts(before: OdcsContract, after: OdcsContract): ContractChange[] {
  const out: ContractChange[] = [];
  const add = (code: string, location: string, message: string) => {
    const rule = CHANGE_RULES[code];
    if (!rule) throw new Error(`unknown change code ${code}`);
    out.push({ code, severity: rule.severity, location, message });
  };
  const afterObjects = new Map((after.schema ?? []).map((o) => [o.name, o]));
  for (const old of before.schema ?? []) {
    const now = afterObjects.get(old.name);
    if (!now) add('object-removed', old.name, `object ${old.name} was removed`);
    else diffObject(old, now, add);
  }
  const beforeNames = new Set((before.schema ?? []).map((o) => o.name));
  for (const object of after.schema ?? []) {
    if (!beforeNames.has(object.name)) add('object-added', object.name, `object ${object.name} was added`);
  }
  diffSla(before.slaProperties ?? [], after.slaProperties ?? [], add);
  const order = { breaking: 0, warning: 1, info: 2 } as const;
  return out.sort(
    (a, b) =>
      order[a.severity] - order[b.severity] || a.location.localeCompare(b.location) || a.code.localeCompare(b.code),
  );
}

type Add = (code: string, location: string, message: string) => void;

function diffObject(old: OdcsObject, now: OdcsObject, add: Add): void {
  diffPropertyLists(old.name, old.properties ?? [], now.properties ?? [], add);
  diffQuality(old.name, old.quality ?? [], now.quality ?? [], add);
  if ((old.description ?? '') !== (now.description ?? ''))
    add('documentation-changed', old.name, `the description of ${old.name} changed`);
}

function diffPropertyLists(
  prefix: string,
  before: readonly OdcsProperty[],
  after: readonly OdcsProperty[],
  add: Add,
): void {
  const next = new Map(after.map((p) => [p.name, p]));
  for (const old of before) {
    const location = `${prefix}.${old.name}`;
    const now = next.get(old.name);
    if (!now) add('property-removed', location, `property ${location} was removed`);
    else diffProperty(location, old, now, add);
  }
  const known = new Set(before.map((p) => p.name));
  for (const p of after) {
    if (known.has(p.name)) continue;
    const location = `${prefix}.${p.name}`;
    if (p.required)
      add('required-added', location, `required property ${location} was added; existing data and producers lack it`);
    else add('property-added', location, `property ${location} was added`);
  }
}

function diffProperty(location: string, old: OdcsProperty, now: OdcsProperty, add: Add): void {
  if (old.logicalType !== now.logicalType) {
    add(
      'type-changed',
      location,
      `${location} changed logicalType from ${show(old.logicalType ?? 'none')} to ${show(now.logicalType ?? 'none')}`,
    );
  }
  const physical = (p: OdcsProperty) =>
    typeof p.physicalType === 'string' ? p.physicalType.toUpperCase().replace(/\s+/g, '') : undefined;
  if (physical(old) && physical(now) && physical(old) !== physical(now)) {
    add(
      'physical-type-changed',
      location,
      `${location} changed physicalType from ${show(old.physicalType)} to ${show(now.physicalType)}`,
    );
  }
  if (!old.required && now.required) add('required-added', location, `${location} became required`);
  if (old.required && !now.required)
    add('required-removed', location, `${location} is no longer required; consumers may see nulls`);
  if (!old.unique && now.unique) add('unique-added', location, `${location} became unique`);
  if (!old.primaryKey && now.primaryKey) add('primary-key-added', location, `${location} joined the primary key`);
  if (old.classification !== now.classification) {
    add(
      'classification-changed',
      location,
      `${location} changed classification from ${show(old.classification ?? 'none')} to ${show(now.classification ?? 'none')}`,
    );
  }
  const a = (old.logicalTypeOptions ?? {}) as Record<string, unknown>;
  const b = (now.logicalTypeOptions ?? {}) as Record<string, unknown>;
  if (a.format !== undefined && b.format !== undefined && a.format !== b.format) {
    add('format-changed', location, `${location} changed format from ${show(a.format)} to ${show(b.format)}`);
  }
  if (a.dimensions !== undefined && a.dimensions !== b.dimensions) {
    add(
      'vector-dimensions-changed',
      location,
      `${location} changed vector dimensions from ${show(a.dimensions)} to ${show(b.dimensions ?? 'none')}`,
    );
  }
  for (const [key, direction] of [
    ['minimum', 1],
    ['exclusiveMinimum', 1],
    ['maximum', -1],
    ['exclusiveMaximum', -1],
  ] as const) {
    compareLimit(location, key, a[key], b[key], direction, 'bound-added', 'bounds-narrowed', add);
  }
  compareLimit(location, 'minLength', a.minLength, b.minLength, 1, 'length-added', 'length-narrowed', add);
  compareLimit(location, 'maxLength', a.maxLength, b.maxLength, -1, 'length-added', 'length-narrowed', add);
  if (a.pattern === undefined && b.pattern !== undefined)
    add('pattern-added', location, `${location} gained pattern ${show(b.pattern)}`);
  else if (a.pattern !== undefined && b.pattern === undefined)
    add('bounds-widened', location, `${location} lost its pattern`);
  else if (a.pattern !== b.pattern)
    add('pattern-changed', location, `${location} changed pattern from ${show(a.pattern)} to ${show(b.pattern)}`);
  diffValues(location, 'enum', enumValues(old), enumValues(now), 'enum-added', 'enum-values-removed', add);
  diffValues(location, 'validValues', validValues(old), validValues(now), undefined, 'valid-values-narrowed', add);
  if ((old.description ?? '') !== (now.description ?? '') || old.businessName !== now.businessName) {
    add('documentation-changed', location, `the documentation of ${location} changed`);
  }
  diffQuality(location, old.quality ?? [], now.quality ?? [], add);
  diffPropertyLists(location, old.properties ?? [], now.properties ?? [], add);
  const items = (p: OdcsProperty) => (p.items && typeof p.items === 'object' ? (p.items as OdcsProperty) : undefined);
  const oldItems = items(old);
  const newItems = items(now);
  if (oldItems && newItems) diffProperty(`${location}[]`, { ...oldItems, name: '' }, { ...newItems, name: '' }, add);
}

/** A limit that restricts more when it rises (`direction` 1, a minimum) or falls (-1, a maximum). */
function compareLimit(
  location: string,
  key: string,
  old: unknown,
  now: unknown,
  direction: 1 | -1,
  added: string,
  narrowed: string,
  add: Add,
): void {
  if (old === undefined && now === undefined) return;
  if (old === undefined) {
    add(added, location, `${location} gained ${key} ${show(now)}`);
    return;
  }
  if (now === undefined) {
    add('bounds-widened', location, `${location} lost ${key} ${show(old)}`);
    return;
  }
  const cmp =
    typeof old === 'number' && typeof now === 'number' ? Math.sign(now - old) : show(now).localeCompare(show(old));
  if (cmp === 0) return;
  if (cmp === direction) add(narrowed, location, `${location} ${key} went from ${show(old)} to ${show(now)}`);
  else add('bounds-widened', location, `${location} ${key} went from ${show(old)} to ${show(now)}`);
}

function diffValues(
  location: string,
  what: string,
  old: readonly string[] | undefined,
  now: readonly string[] | undefined,
  added: string | undefined,
  removed: string,
  add: Add,
): void {
  if (!old && !now) return;
  if (!old) {
    if (added) add(added, location, `${location} gained ${what} ${now?.join(', ')}`);
    return;
  }
  const lost = old.filter((v) => !(now ?? []).includes(v));
  if (now === undefined) {
    add('bounds-widened', location, `${location} lost its ${what} list`);
    return;
  }
  if (lost.length > 0) add(removed, location, `${location} no longer allows ${lost.join(', ')} (${what})`);
  const gained = now.filter((v) => !old.includes(v));
  if (gained.length > 0)
    add('enum-values-added', location, `${location} now also allows ${gained.join(', ')} (${what})`);
}

function enumValues(p: OdcsProperty): string[] | undefined {
  return Array.isArray(p.enum)
    ? p.enum.map((e) => show(e !== null && typeof e === 'object' ? (e as { value?: unknown }).value : e))
    : undefined;
}

function validValues(p: OdcsProperty): string[] | undefined {
  const lists = (p.quality ?? [])
    .map((q) => (q.arguments as { validValues?: unknown } | undefined)?.validValues)
    .filter((v): v is unknown[] => Array.isArray(v));
  return lists.length === 0 ? undefined : [...new Set(lists.flat().map(show))];
}

function diffQuality(location: string, before: readonly object[], after: readonly object[], add: Add): void {
  // Rules compare by what they check; a changed description alone is not a new rule. Keys are sorted: a
  // contract read back from jsonb has its keys in another order than the YAML it was published from.
  const key = (rule: object) =>
    JSON.stringify(rule, (k, v) => {
      if (k === 'description' || k === 'name') return undefined;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    });
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  for (const rule of before)
    if (!now.has(key(rule)))
      add('quality-removed', location, `a quality rule of ${location} was removed or changed: ${summary(rule)}`);
  for (const rule of after)
    if (!old.has(key(rule)))
      add('quality-added', location, `a quality rule was added to ${location}: ${summary(rule)}`);
}

function summary(rule: object): string {
  const r = rule as Record<string, unknown>;
  return show(r.metric ?? r.type ?? r.rule ?? 'rule');
}

/** SLA properties where a larger value promises less, and where a smaller one does. */
const LARGER_IS_WEAKER = new Set(['latency', 'frequency', 'timeToDetect', 'timeToNotify', 'timeToRepair', 'errorRate']);
const SMALLER_IS_WEAKER = new Set(['availability', 'retention', 'throughput']);

function diffSla(before: readonly OdcsSlaProperty[], after: readonly OdcsSlaProperty[], add: Add): void {
  const key = (s: OdcsSlaProperty) => `${s.property}|${s.element ?? ''}`;
  const next = new Map(after.map((s) => [key(s), s]));
  for (const old of before) {
    const location = `sla.${old.property}${old.element ? `(${old.element})` : ''}`;
    const now = next.get(key(old));
    if (!now) {
      add('sla-weakened', location, `SLA ${old.property} was removed`);
      continue;
    }
    const a = normalised(old);
    const b = normalised(now);
    if (a === undefined || b === undefined || a === b) continue;
    const weaker = LARGER_IS_WEAKER.has(old.property) ? b > a : SMALLER_IS_WEAKER.has(old.property) ? b < a : false;
    const text =
      `SLA ${old.property} went from ${show(old.value)} ${old.unit ?? ''} to ${show(now.value)} ${now.unit ?? ''}`
        .replace(/\s+/g, ' ')
        .trim();
    add(weaker ? 'sla-weakened' : 'sla-strengthened', location, text);
  }
  const known = new Set(before.map(key));
  for (const s of after)
    if (!known.has(key(s))) add('sla-strengthened', `sla.${s.property}`, `SLA ${s.property} was added`);
}

function normalised(s: OdcsSlaProperty): number | undefined {
  // Durations compare in milliseconds; unitless values (availability in percent) as they are.
  return slaDurationMs(s.value, s.unit) ?? (typeof s.value === 'number' ? s.value : undefined);
}

/** A value as text for a message, whatever its type (contracts reach here validated, but never crash). */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return `${value}`;
  try {
    return JSON.stringify(value);
  } catch {
    return 'a value';
  }
}
