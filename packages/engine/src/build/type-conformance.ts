import { type Diagnostic, diagnostic, type LoadedContract, type OdcsObject } from '@meshwork/core';

/** A column of a built table, as DuckDB describes it. */
export interface BuiltColumn {
  readonly name: string;
  readonly type: string;
}

/** DuckDB types that satisfy each ODCS logical type. */
const COMPATIBLE: Record<string, RegExp> = {
  string: /^(VARCHAR|UUID|ENUM|JSON)/,
  integer: /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/,
  number:
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/,
  boolean: /^BOOLEAN$/,
  date: /^DATE$/,
  timestamp: /^TIMESTAMP/,
  time: /^TIME( WITH TIME ZONE)?$/,
  object: /^(STRUCT|MAP|JSON)/,
  array: /(\[\d*\]$|^LIST)/,
  map: /^MAP/,
  vector: /(\[\d*\]$)/,
};

/** The contract object a product's table is checked against: the one named like the product, else the first. */
export function contractObjectFor(
  contract: LoadedContract,
  table: string,
): { object: OdcsObject; index: number } | undefined {
  const objects = contract.spec.schema ?? [];
  const index = Math.max(
    0,
    objects.findIndex((o) => o.name === table || o.physicalName === table),
  );
  const object = objects[index];
  return object ? { object, index } : undefined;
}

/**
 * Compares a built table with its contract: every property must exist as a column whose type satisfies the
 * logical type (errors, located at the property in the contract); a `physicalType` that differs from the
 * built type and columns the contract does not declare are warnings.
 */
export function checkConformance(
  contract: LoadedContract,
  objectIndex: number,
  object: OdcsObject,
  columns: readonly BuiltColumn[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { yaml } = contract;
  const byName = new Map(columns.map((c) => [c.name, c]));
  (object.properties ?? []).forEach((property, i) => {
    const name =
      property.physicalName && typeof property.physicalName === 'string' ? property.physicalName : property.name;
    const path = ['schema', objectIndex, 'properties', i];
    const column = byName.get(name);
    if (!column) {
      out.push(
        diagnostic({
          code: 'build-missing-column',
          severity: 'error',
          file: yaml.file.path,
          position: yaml.locate([...path, 'name']),
          message: `the built table ${object.name} has no column "${name}" that the contract declares`,
          hint: `Select a column named ${name} in the transform, or remove the property from the contract. Built columns: ${columns.map((c) => c.name).join(', ')}.`,
        }),
      );
      return;
    }
    const logical = property.logicalType;
    const pattern = logical ? COMPATIBLE[logical] : undefined;
    if (pattern && !pattern.test(column.type)) {
      out.push(
        diagnostic({
          code: 'build-type-mismatch',
          severity: 'error',
          file: yaml.file.path,
          position: yaml.locate([...path, 'logicalType']),
          message: `column "${name}" of ${object.name} is built as ${column.type}, which is not a ${logical} as the contract says`,
          hint: `Cast it in the transform (for example CAST(${name} AS ${suggestedType(logical ?? 'string')})) or correct the contract's logicalType.`,
        }),
      );
    } else if (
      typeof property.physicalType === 'string' &&
      normalize(property.physicalType) !== normalize(column.type)
    ) {
      out.push(
        diagnostic({
          code: 'build-physical-type',
          severity: 'warning',
          file: yaml.file.path,
          position: yaml.locate([...path, 'physicalType']),
          message: `column "${name}" of ${object.name} is built as ${column.type}; the contract's physicalType says ${property.physicalType}`,
          hint: 'Cast it in the transform or update physicalType.',
        }),
      );
    }
  });
  const declared = new Set(
    (object.properties ?? []).map((p) => (typeof p.physicalName === 'string' ? p.physicalName : p.name)),
  );
  for (const column of columns) {
    if (!declared.has(column.name)) {
      out.push(
        diagnostic({
          code: 'build-undeclared-column',
          severity: 'warning',
          file: yaml.file.path,
          position: yaml.locate(['schema', objectIndex, 'properties']),
          message: `the built table ${object.name} has a column "${column.name}" that the contract does not declare`,
          hint: 'Declare it in the contract so consumers can rely on it, or drop it from the transform.',
        }),
      );
    }
  }
  return out;
}

function normalize(type: string): string {
  const t = type.toUpperCase().replace(/\s+/g, '');
  const aliases: Record<string, string> = {
    INT: 'INTEGER',
    INT4: 'INTEGER',
    INT8: 'BIGINT',
    LONG: 'BIGINT',
    STRING: 'VARCHAR',
    TEXT: 'VARCHAR',
    BOOL: 'BOOLEAN',
    FLOAT8: 'DOUBLE',
    REAL: 'FLOAT',
  };
  return aliases[t] ?? t;
}

function suggestedType(logical: string): string {
  return (
    {
      string: 'VARCHAR',
      integer: 'BIGINT',
      number: 'DOUBLE',
      boolean: 'BOOLEAN',
      date: 'DATE',
      timestamp: 'TIMESTAMP',
      time: 'TIME',
    }[logical] ?? 'VARCHAR'
  );
}
