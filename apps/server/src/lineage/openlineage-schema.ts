import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const require = createRequire(import.meta.url);

/** The `$id` of the bundled OpenLineage 2-0-2 schema (schemas/SOURCES.md). */
export const OPENLINEAGE_SCHEMA_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

/** The three event kinds of OpenLineage 2-0-2. */
export type LineageEventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

/** Validators of the event kinds and of the facets Meshwork reads, compiled once per process. */
export interface OpenLineageValidators {
  readonly events: Readonly<Record<LineageEventKind, ValidateFunction>>;
  /** Validate `{ schema: facet }` and `{ columnLineage: facet }`. */
  readonly schemaFacet: ValidateFunction;
  readonly columnLineageFacet: ValidateFunction;
}

let compiled: OpenLineageValidators | undefined;

/** The compiled validators (draft 2020-12, `strict: false`, `allErrors`, formats from ajv-formats). */
export function openLineageValidators(): OpenLineageValidators {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addSchema(require('../../schemas/OpenLineage.json') as object);
  const event = (kind: LineageEventKind) =>
    ajv.getSchema(`${OPENLINEAGE_SCHEMA_ID}#/$defs/${kind}`) as ValidateFunction;
  compiled = {
    events: { RunEvent: event('RunEvent'), DatasetEvent: event('DatasetEvent'), JobEvent: event('JobEvent') },
    schemaFacet: ajv.compile(require('../../schemas/SchemaDatasetFacet.json') as object),
    columnLineageFacet: ajv.compile(require('../../schemas/ColumnLineageDatasetFacet.json') as object),
  };
  return compiled;
}

/** A problem found by the schema, as a JSON pointer and a sentence. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
  /** Forgiven (a facet's `_producer`/`_schemaURL`, a run id that is no UUID): a warning, not a rejection. */
  readonly lenient: boolean;
}

/** ajv errors → one problem per node; the "matches no branch" noise of allOf/anyOf/oneOf is dropped. */
export function schemaProblems(errors: readonly ErrorObject[] | null | undefined, prefix = ''): SchemaProblem[] {
  const problems = new Map<string, SchemaProblem>();
  for (const error of errors ?? []) {
    if (error.keyword === 'anyOf' || error.keyword === 'allOf' || error.keyword === 'oneOf') continue;
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const path = `${prefix}${error.instancePath}${missing !== undefined ? `/${escapePointer(missing)}` : ''}`;
    const leaf = path.slice(path.lastIndexOf('/') + 1);
    const lenient =
      leaf === '_producer' || leaf === '_schemaURL' || (path === '/run/runId' && error.keyword === 'format');
    const message = missing !== undefined ? 'is required' : (error.message ?? 'is invalid');
    problems.set(`${path} ${message}`, { path, message, lenient });
  }
  return [...problems.values()];
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
