/**
 * The parts of an ODCS v3 contract that Meshwork reads. Contracts are kept as loaded (every other field is
 * preserved untouched in `raw`); these types name what the platform relies on after schema validation.
 */
export interface OdcsContract {
  readonly apiVersion: string;
  readonly kind: string;
  readonly id: string;
  readonly version: string;
  readonly status: string;
  readonly name?: string;
  readonly domain?: string;
  readonly dataProduct?: string;
  readonly schema?: readonly OdcsObject[];
  readonly slaDefaultElement?: string;
  readonly slaProperties?: readonly OdcsSlaProperty[];
  readonly [key: string]: unknown;
}

/** A schema object (a table, a view, a topic, a file). */
export interface OdcsObject {
  readonly id?: string;
  readonly name: string;
  readonly physicalName?: string;
  readonly properties?: readonly OdcsProperty[];
  readonly relationships?: readonly OdcsRelationship[];
  readonly quality?: readonly OdcsQuality[];
  readonly [key: string]: unknown;
}

/** A property (a column) of a schema object; nested for `object` and `array` logical types. */
export interface OdcsProperty {
  readonly id?: string;
  readonly name: string;
  readonly logicalType?: string;
  readonly physicalType?: string;
  readonly required?: boolean;
  readonly unique?: boolean;
  readonly primaryKey?: boolean;
  readonly classification?: string;
  readonly properties?: readonly OdcsProperty[];
  readonly relationships?: readonly OdcsRelationship[];
  readonly quality?: readonly OdcsQuality[];
  readonly [key: string]: unknown;
}

/** A relationship: a foreign key from one or more properties to others. */
export interface OdcsRelationship {
  readonly type?: string;
  readonly from?: string | readonly string[];
  readonly to: string | readonly string[];
}

/** A quality rule: a library metric, SQL, text or custom check. */
export interface OdcsQuality {
  readonly id?: string;
  readonly type?: string;
  readonly metric?: string;
  readonly severity?: string;
  readonly [key: string]: unknown;
}

/** One SLA property, such as latency or retention, optionally bound to an element. */
export interface OdcsSlaProperty {
  readonly id?: string;
  readonly property: string;
  readonly value?: unknown;
  readonly unit?: string;
  readonly element?: string;
  readonly [key: string]: unknown;
}
