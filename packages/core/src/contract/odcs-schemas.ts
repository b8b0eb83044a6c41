import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../schema/ajv.js';
import { collectPropertyNames } from '../schema/schema-diagnostics.js';

/** The ODCS schema versions Meshwork validates against. */
export type OdcsSchemaVersion = '3.1.0' | '3.2.0';

/** A compiled ODCS schema and the vocabulary of its keys. */
export interface OdcsSchema {
  readonly version: OdcsSchemaVersion;
  readonly validate: ValidateFunction;
  readonly knownKeys: ReadonlySet<string>;
  readonly json: unknown;
}

const require = createRequire(import.meta.url);
const FILES: Record<OdcsSchemaVersion, string> = {
  '3.1.0': '../../schemas/odcs-json-schema-v3.1.0.json',
  '3.2.0': '../../schemas/odcs-json-schema-v3.2.0.json',
};
const compiled = new Map<OdcsSchemaVersion, OdcsSchema>();

/**
 * Which schema validates a contract of the given `apiVersion`: v3.2.x uses the v3.2.0 schema; v3.0.x, v3.1.x
 * and anything unrecognised use v3.1.0 (whose `apiVersion` enum then reports the unknown value).
 */
export function odcsSchemaVersionFor(apiVersion: unknown): OdcsSchemaVersion {
  return typeof apiVersion === 'string' && /^v?3\.2(\.|$)/.test(apiVersion) ? '3.2.0' : '3.1.0';
}

/** The compiled schema for a version; compiled once per process on first use. */
export function odcsSchema(version: OdcsSchemaVersion): OdcsSchema {
  let schema = compiled.get(version);
  if (!schema) {
    const json = require(FILES[version]) as Record<string, unknown>;
    schema = { version, validate: createAjv().compile(json), knownKeys: collectPropertyNames(json), json };
    compiled.set(version, schema);
  }
  return schema;
}
