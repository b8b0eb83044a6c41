import type {
  ColumnLineage,
  Facets,
  LineageDataset,
  LineageEvent,
  LineageField,
  LineageWarning,
  RunState,
} from '@meshwork/catalog';
import {
  escapePointer,
  type LineageEventKind,
  OPENLINEAGE_SCHEMA_ID,
  openLineageValidators,
  type SchemaProblem,
  schemaProblems,
} from './openlineage-schema.js';

/** A reason an event cannot be understood: a JSON pointer into the body and a sentence. */
export interface LineageProblem {
  readonly path: string;
  readonly message: string;
}

/** The outcome of reading one posted body: an event with the leniencies applied, or every problem. */
export type ParsedLineageEvent =
  | { readonly ok: true; readonly event: LineageEvent; readonly warnings: readonly LineageWarning[] }
  | { readonly ok: false; readonly problems: readonly LineageProblem[] };

/** Longest namespace, name, run id or column name stored (they are keys of indexes). */
export const MAX_NAME_LENGTH = 1024;
/** Most datasets (inputs plus outputs) one event may name. */
export const MAX_DATASETS = 1000;
const MAX_DEPTH = 64;
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads an OpenLineage 2-0-2 RunEvent, DatasetEvent or JobEvent as Marquez does, leniently where the event
 * is still unambiguous, and records each leniency as a warning: no `schemaURL` (a RunEvent, unless the body
 * is only a dataset), no `producer`, an `eventTime` without a time zone (UTC), facets without `_producer` or
 * `_schemaURL`, a run id that is no UUID, a `schema` or `columnLineage` facet Meshwork cannot read (kept,
 * not used). Everything else the official schema refuses is a problem with its JSON pointer. Strings a
 * database cannot store (NUL, unpaired surrogates), nesting beyond 64 levels, names over 1024 characters and
 * more than 1000 datasets are problems too. Never throws.
 *
 * @example
 * parseLineageEvent({ eventTime: '2026-01-01T00:00:00Z', job: { namespace: 'a', name: 'b' } })
 * // → { ok: false, problems: [{ path: '/run', message: 'is required' }] }
 */
export function parseLineageEvent(body: unknown): ParsedLineageEvent {
  if (!isObject(body)) return fail([{ path: '', message: 'an OpenLineage event is a JSON object' }]);
  const unstorable = storageProblems(body);
  if (unstorable.length > 0) return fail(unstorable);
  const warnings: LineageWarning[] = [];
  const kind = kindOf(body);
  const patched: Json = { ...body };
  if (body.schemaURL === undefined) {
    patched.schemaURL = `${OPENLINEAGE_SCHEMA_ID}#/$defs/${kind}`;
    warnings.push({ path: '/schemaURL', message: `missing; read as a ${kind}` });
  }
  if (body.producer === undefined) {
    patched.producer = 'urn:meshwork:unknown-producer';
    warnings.push({ path: '/producer', message: 'missing; stored without a producer' });
  }
  if (typeof body.eventTime === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(body.eventTime)) {
    patched.eventTime = `${body.eventTime}Z`;
    warnings.push({ path: '/eventTime', message: 'has no time zone; read as UTC' });
  }
  const validators = openLineageValidators();
  const validate = validators.events[kind];
  const problems: LineageProblem[] = [];
  if (!validate(patched)) {
    for (const p of schemaProblems(validate.errors)) {
      if (p.lenient) warnings.push({ path: p.path, message: `${p.message}; kept` });
      else problems.push({ path: p.path, message: p.message });
    }
  }
  const eventTime = typeof patched.eventTime === 'string' ? new Date(patched.eventTime) : undefined;
  if (eventTime && problems.every((p) => p.path !== '/eventTime')) {
    const year = eventTime.getUTCFullYear();
    if (Number.isNaN(eventTime.getTime()) || year < 1 || year > 9999)
      problems.push({ path: '/eventTime', message: 'is not a date-time from year 1 to 9999' });
  }
  problems.push(...lengthProblems(body));
  if (problems.length > 0 || !eventTime) return fail(problems);
  return { ok: true, event: toEvent(kind, body, eventTime, warnings), warnings };
}

function fail(problems: readonly LineageProblem[]): ParsedLineageEvent {
  return { ok: false, problems };
}

/** The kind a body is: named by its `schemaURL` fragment, else by its shape (no `schemaURL`: a RunEvent). */
function kindOf(body: Json): LineageEventKind {
  const url = typeof body.schemaURL === 'string' ? body.schemaURL : '';
  const named = /(?:\$defs|definitions)\/(RunEvent|DatasetEvent|JobEvent)$/.exec(url)?.[1];
  if (named) return named as LineageEventKind;
  if (body.dataset !== undefined && body.run === undefined && body.job === undefined) return 'DatasetEvent';
  if (body.schemaURL !== undefined && body.job !== undefined && body.run === undefined) return 'JobEvent';
  return 'RunEvent';
}

/** Strings PostgreSQL cannot store in text or jsonb, and nesting deeper than {@link MAX_DEPTH}. */
function storageProblems(body: Json): LineageProblem[] {
  const problems: LineageProblem[] = [];
  const bad = (s: string) => s.includes('\u0000') || UNPAIRED.test(s);
  const walk = (value: unknown, path: string, depth: number) => {
    if (problems.length >= 20) return;
    if (depth > MAX_DEPTH) {
      problems.push({ path, message: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (typeof value === 'string') {
      if (bad(value)) problems.push({ path, message: 'holds a NUL character or an unpaired surrogate' });
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}/${i}`, depth + 1);
    } else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        const at = `${path}/${escapePointer(key)}`;
        if (bad(key)) problems.push({ path: at, message: 'the key holds a NUL character or an unpaired surrogate' });
        else walk(item, at, depth + 1);
      }
    }
  };
  walk(body, '', 0);
  return problems;
}

/** Names and ids longer than {@link MAX_NAME_LENGTH}, and too many datasets. */
function lengthProblems(body: Json): LineageProblem[] {
  const problems: LineageProblem[] = [];
  const check = (value: unknown, path: string) => {
    if (typeof value === 'string' && value.length > MAX_NAME_LENGTH)
      problems.push({ path, message: `is longer than ${MAX_NAME_LENGTH} characters` });
  };
  const run = isObject(body.run) ? body.run : {};
  check(run.runId, '/run/runId');
  for (const key of ['job', 'dataset'] as const) {
    const node = isObject(body[key]) ? body[key] : {};
    check(node.namespace, `/${key}/namespace`);
    check(node.name, `/${key}/name`);
  }
  let count = 0;
  for (const key of ['inputs', 'outputs'] as const) {
    const list = Array.isArray(body[key]) ? body[key] : [];
    count += list.length;
    list.forEach((d: unknown, i: number) => {
      if (!isObject(d)) return;
      check(d.namespace, `/${key}/${i}/namespace`);
      check(d.name, `/${key}/${i}/name`);
    });
  }
  if (count > MAX_DATASETS) problems.push({ path: '/inputs', message: `names more than ${MAX_DATASETS} datasets` });
  return problems;
}

const facetsAt = (value: unknown): Facets => (isObject(value) ? value : {});

/** Builds the typed event from a body the schema accepted. */
function toEvent(kind: LineageEventKind, body: Json, eventTime: Date, warnings: LineageWarning[]): LineageEvent {
  const dataset = (value: unknown, path: string, edgeKey?: 'inputFacets' | 'outputFacets'): LineageDataset => {
    const d = value as Json;
    const facets = facetsAt(d.facets);
    const fields = schemaFields(facets, `${path}/facets/schema`, warnings);
    const columnLineage =
      edgeKey === 'inputFacets' ? undefined : columnLineageOf(facets, `${path}/facets/columnLineage`, warnings);
    return {
      namespace: d.namespace as string,
      name: d.name as string,
      facets,
      edgeFacets: edgeKey ? facetsAt(d[edgeKey]) : {},
      ...(fields ? { fields } : {}),
      ...(columnLineage ? { columnLineage } : {}),
    };
  };
  if (kind === 'DatasetEvent') return { kind, eventTime, dataset: dataset(body.dataset, '/dataset') };
  const job = body.job as Json;
  const common = {
    eventTime,
    job: { namespace: job.namespace as string, name: job.name as string, facets: facetsAt(job.facets) },
    inputs: ((body.inputs as unknown[] | undefined) ?? []).map((d, i) => dataset(d, `/inputs/${i}`, 'inputFacets')),
    outputs: ((body.outputs as unknown[] | undefined) ?? []).map((d, i) => dataset(d, `/outputs/${i}`, 'outputFacets')),
  };
  if (kind === 'JobEvent') return { kind, ...common };
  const run = body.run as Json;
  return {
    kind,
    ...common,
    eventType: ((body.eventType as RunState | undefined) ?? 'OTHER') as RunState,
    runId: run.runId as string,
    runFacets: facetsAt(run.facets),
  };
}

/** Facets checked against their own schema: a facet that fails is kept as received and not read. */
function facetUsable(name: 'schema' | 'columnLineage', facet: unknown, path: string, warnings: LineageWarning[]) {
  const { schemaFacet, columnLineageFacet } = openLineageValidators();
  const validate = name === 'schema' ? schemaFacet : columnLineageFacet;
  if (validate({ [name]: facet })) return true;
  const hard = schemaProblems(validate.errors).filter((p) => !p.lenient);
  if (hard.length === 0) return true;
  const first = hard[0] as SchemaProblem;
  warnings.push({
    path: `${path}${first.path.replace(`/${name}`, '')}`,
    message: `${first.message}; the ${name} facet is kept but not read`,
  });
  return false;
}

function schemaFields(facets: Facets, path: string, warnings: LineageWarning[]): LineageField[] | undefined {
  const facet = facets.schema;
  if (facet === undefined || !facetUsable('schema', facet, path, warnings)) return undefined;
  const fields = ((facet as Json).fields as Json[] | undefined) ?? [];
  return fields.map((f) => ({ name: f.name as string, ...(typeof f.type === 'string' ? { type: f.type } : {}) }));
}

function columnLineageOf(facets: Facets, path: string, warnings: LineageWarning[]): ColumnLineage[] | undefined {
  const facet = facets.columnLineage;
  if (facet === undefined || !facetUsable('columnLineage', facet, path, warnings)) return undefined;
  const out: ColumnLineage[] = [];
  const long = (s: unknown) => typeof s !== 'string' || s.length > MAX_NAME_LENGTH;
  for (const [field, lineage] of Object.entries((facet as Json).fields as Record<string, Json>)) {
    const inputs = ((lineage.inputFields as Json[] | undefined) ?? []).map((i) => ({
      namespace: i.namespace as string,
      name: i.name as string,
      field: i.field as string,
      transformations: Array.isArray(i.transformations) ? i.transformations : [],
    }));
    if (long(field) || inputs.some((i) => long(i.namespace) || long(i.name) || long(i.field))) {
      warnings.push({
        path: `${path}/fields/${escapePointer(field.slice(0, 64))}`,
        message: `names longer than ${MAX_NAME_LENGTH} characters; the columnLineage facet is kept but not read`,
      });
      return undefined;
    }
    out.push({ field, inputs });
  }
  return out;
}
