import {
  type Diagnostic,
  diagnostic,
  type JsonPath,
  type LoadedContract,
  type OdcsObject,
  type OdcsProperty,
  SLA_UNITS,
  slaDurationMs,
} from '@meshwork/core';
import type { CheckNode } from './check-node.js';
import { type Expectation, expectationOf, MUST_BE_ZERO } from './expectation.js';

/** The checks of one contract object, and findings about rules that cannot run. */
export interface ContractChecks {
  readonly checks: readonly CheckNode[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A check before it gets its id and location; distributes over the union of check kinds. */
type Draft = CheckNode extends infer T
  ? T extends CheckNode
    ? Omit<T, 'id' | 'file' | 'position' | 'object'> & { readonly idHint: string; readonly path: JsonPath }
    : never
  : never;

/**
 * Turns a contract object into check nodes: its quality rules (ODCS library metrics and SQL), the
 * constraints its properties imply (`required`, `unique`, `primaryKey`, `logicalTypeOptions` bounds,
 * lengths and pattern) and the freshness and retention of its SLA properties.
 */
export function checksFromContract(contract: LoadedContract, objectIndex: number): ContractChecks {
  const object = contract.spec.schema?.[objectIndex];
  if (!object) return { checks: [], diagnostics: [] };
  const { yaml } = contract;
  const drafts: Draft[] = [];
  const diagnostics: Diagnostic[] = [];
  const base = ['schema', objectIndex] as const;
  const note = (path: JsonPath, code: string, message: string, hint: string) =>
    diagnostics.push(
      diagnostic({ code, severity: 'warning', file: yaml.file.path, position: yaml.locate(path), message, hint }),
    );

  (object.properties ?? []).forEach((property, p) => {
    const path = [...base, 'properties', p];
    drafts.push(...impliedChecks(property, path));
    (property.quality ?? []).forEach((rule, q) => {
      const draft = ruleCheck(rule as Record<string, unknown>, property.name, [...path, 'quality', q], note);
      if (draft) drafts.push(draft);
    });
  });
  (object.quality ?? []).forEach((rule, q) => {
    const draft = ruleCheck(rule as Record<string, unknown>, undefined, [...base, 'quality', q], note);
    if (draft) drafts.push(draft);
  });
  drafts.push(...slaChecks(contract, object, note));

  const seen = new Map<string, number>();
  const checks = drafts.map(({ idHint, path, ...draft }): CheckNode => {
    const count = (seen.get(idHint) ?? 0) + 1;
    seen.set(idHint, count);
    return Object.freeze({
      ...draft,
      id: count === 1 ? idHint : `${idHint}#${count}`,
      object: object.name,
      file: yaml.file.path,
      position: yaml.locate(path),
    }) as CheckNode;
  });
  return { checks, diagnostics };
}

function impliedChecks(property: OdcsProperty, path: JsonPath): Draft[] {
  const column = columnName(property);
  const out: Draft[] = [];
  const common = { unit: 'rows', severity: 'error', origin: 'constraint', expectation: MUST_BE_ZERO } as const;
  if (property.required || property.primaryKey) {
    out.push({
      ...common,
      kind: 'nullValues',
      column,
      dimension: 'completeness',
      description: `${column} is never null (${property.primaryKey ? 'primaryKey' : 'required'})`,
      idHint: `${column}.required`,
      path: [...path, property.primaryKey ? 'primaryKey' : 'required'],
    });
  }
  if (property.unique || property.primaryKey) {
    out.push({
      ...common,
      kind: 'duplicateValues',
      columns: [column],
      dimension: 'uniqueness',
      description: `${column} is unique (${property.primaryKey ? 'primaryKey' : 'unique'})`,
      idHint: `${column}.unique`,
      path: [...path, property.primaryKey ? 'primaryKey' : 'unique'],
    });
  }
  const options = (property.logicalTypeOptions ?? {}) as Record<string, unknown>;
  const bound = (key: string) => {
    const v = options[key];
    return typeof v === 'number' || typeof v === 'string' ? v : undefined;
  };
  const [minimum, maximum, exclusiveMinimum, exclusiveMaximum] = [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
  ].map(bound);
  if ([minimum, maximum, exclusiveMinimum, exclusiveMaximum].some((b) => b !== undefined)) {
    out.push({
      ...common,
      kind: 'range',
      column,
      minimum,
      maximum,
      exclusiveMinimum,
      exclusiveMaximum,
      dimension: 'accuracy',
      description: `${column} within ${rangeText(minimum, maximum, exclusiveMinimum, exclusiveMaximum)}`,
      idHint: `${column}.range`,
      path: [...path, 'logicalTypeOptions', firstDefined({ minimum, maximum, exclusiveMinimum, exclusiveMaximum })],
    });
  }
  const minLength = typeof options.minLength === 'number' ? options.minLength : undefined;
  const maxLength = typeof options.maxLength === 'number' ? options.maxLength : undefined;
  if (minLength !== undefined || maxLength !== undefined) {
    out.push({
      ...common,
      kind: 'length',
      column,
      minLength,
      maxLength,
      dimension: 'conformity',
      description: `${column} length ${minLength ?? 0}..${maxLength ?? '∞'}`,
      idHint: `${column}.length`,
      path: [...path, 'logicalTypeOptions', firstDefined({ minLength, maxLength })],
    });
  }
  if (typeof options.pattern === 'string') {
    out.push({
      ...common,
      kind: 'invalidValues',
      column,
      validValues: undefined,
      pattern: options.pattern,
      dimension: 'conformity',
      description: `${column} matches ${options.pattern}`,
      idHint: `${column}.pattern`,
      path: [...path, 'logicalTypeOptions', 'pattern'],
    });
  }
  return out;
}

type Note = (path: JsonPath, code: string, message: string, hint: string) => void;

function ruleCheck(
  rule: Record<string, unknown>,
  column: string | undefined,
  path: JsonPath,
  note: Note,
): Draft | undefined {
  const type = typeof rule.type === 'string' ? rule.type : 'library';
  if (type === 'text') return undefined; // a description for humans, nothing to run
  if (type === 'custom') {
    note(
      path,
      'check-not-run',
      'custom quality rules (engine-specific) are not run by Meshwork',
      'Express it as a library metric or a `type: sql` rule to have Meshwork run it.',
    );
    return undefined;
  }
  const expectation = expectationOf(rule);
  if (!expectation) {
    note(
      path,
      'check-not-run',
      'quality rule has no numeric operator (mustBe, mustBeLessThan, ...), so it cannot be evaluated',
      'Add an operator such as `mustBe: 0`.',
    );
    return undefined;
  }
  const severity = rule.severity === 'warning' || rule.severity === 'info' ? rule.severity : 'error';
  const unit = rule.unit === 'percent' ? 'percent' : 'rows';
  const args = (rule.arguments ?? {}) as Record<string, unknown>;
  const argColumns = Array.isArray(args.properties) ? args.properties.map(String) : undefined;
  const dimension = typeof rule.dimension === 'string' ? rule.dimension : undefined;
  const id = typeof rule.id === 'string' ? rule.id : undefined;
  const described = typeof rule.description === 'string' ? rule.description : undefined;
  const common = { expectation, severity, unit, origin: 'rule', path } as const;
  if (type === 'sql') {
    const query = typeof rule.query === 'string' ? rule.query : undefined;
    if (!query) {
      note(path, 'check-not-run', 'SQL quality rule has no `query`', 'Add `query:` returning one number.');
      return undefined;
    }
    return {
      ...common,
      kind: 'sql',
      query,
      column,
      dimension: dimension ?? 'accuracy',
      description: described ?? `custom SQL: ${query.replace(/\s+/g, ' ').slice(0, 60)}`,
      idHint: id ?? `${column ?? 'table'}.sql`,
    };
  }
  const metric = typeof rule.metric === 'string' ? rule.metric : undefined;
  const target = column ?? (argColumns?.length === 1 ? argColumns[0] : undefined);
  switch (metric) {
    case 'rowCount':
      return {
        ...common,
        kind: 'rowCount',
        dimension: dimension ?? 'completeness',
        description: described ?? 'row count',
        idHint: id ?? 'rowCount',
      };
    case 'duplicateValues': {
      const columns = column ? [column] : argColumns;
      if (!columns || columns.length === 0) break;
      return {
        ...common,
        kind: 'duplicateValues',
        columns,
        dimension: dimension ?? 'uniqueness',
        description: described ?? `no duplicate ${columns.join(', ')}`,
        idHint: id ?? `${columns.join('+')}.duplicateValues`,
      };
    }
    case 'nullValues':
      if (!target) break;
      return {
        ...common,
        kind: 'nullValues',
        column: target,
        dimension: dimension ?? 'completeness',
        description: described ?? `nulls in ${target}`,
        idHint: id ?? `${target}.nullValues`,
      };
    case 'missingValues': {
      if (!target) break;
      const missing = (Array.isArray(args.missingValues) ? args.missingValues : []).filter(
        (v): v is string | number => typeof v === 'string' || typeof v === 'number',
      );
      return {
        ...common,
        kind: 'missingValues',
        column: target,
        missing,
        dimension: dimension ?? 'completeness',
        description: described ?? `missing values in ${target}`,
        idHint: id ?? `${target}.missingValues`,
      };
    }
    case 'invalidValues': {
      if (!target) break;
      const validValues = Array.isArray(args.validValues)
        ? args.validValues.filter((v): v is string | number | boolean =>
            ['string', 'number', 'boolean'].includes(typeof v),
          )
        : undefined;
      const pattern = typeof args.pattern === 'string' ? args.pattern : undefined;
      if (!validValues && !pattern) {
        note(
          path,
          'check-not-run',
          'invalidValues needs `arguments.validValues` or `arguments.pattern`',
          'Add the list of valid values or a regular expression.',
        );
        return undefined;
      }
      return {
        ...common,
        kind: 'invalidValues',
        column: target,
        validValues,
        pattern,
        dimension: dimension ?? 'conformity',
        description: described ?? `invalid values in ${target}`,
        idHint: id ?? `${target}.invalidValues`,
      };
    }
  }
  note(
    path,
    'check-not-run',
    metric
      ? `quality metric ${metric} needs a column: put the rule on a property or name one in \`arguments.properties\``
      : 'quality rule has no `metric`',
    'Library metrics are nullValues, missingValues, invalidValues, duplicateValues and rowCount.',
  );
  return undefined;
}

function slaChecks(contract: LoadedContract, object: OdcsObject, note: Note): Draft[] {
  const out: Draft[] = [];
  const defaultElement = contract.spec.slaDefaultElement;
  (contract.spec.slaProperties ?? []).forEach((sla, i) => {
    const property = String(sla.property);
    const kind =
      property === 'latency' || property === 'frequency'
        ? 'freshness'
        : property === 'retention'
          ? 'retention'
          : undefined;
    if (!kind) return; // availability, throughput, ... are not properties of the data
    const element =
      typeof sla.element === 'string' ? sla.element : property === 'frequency' ? undefined : defaultElement;
    if (!element) return; // frequency without an element is the refresh cadence the monitor schedules by
    const [table, column] = element.split(',')[0]?.trim().split('.') ?? [];
    if (table !== object.name || !column) return;
    const path = ['slaProperties', i];
    const maxAgeMs = slaDurationMs(sla.value, sla.unit);
    if (maxAgeMs === undefined) {
      note(
        path,
        'check-not-run',
        `SLA ${property} has value ${JSON.stringify(sla.value)}${sla.unit ? ` ${String(sla.unit)}` : ''}, which is not a duration`,
        `Use a number and a unit: ${SLA_UNITS.slice(0, 12).join(', ')}, ...`,
      );
      return;
    }
    const hours = maxAgeMs / 3_600_000;
    const expectation: Expectation = { operator: 'mustBeLessOrEqualTo', value: hours };
    out.push({
      kind,
      column,
      property,
      maxAgeMs,
      expectation,
      unit: 'rows',
      severity: 'error',
      origin: 'sla',
      dimension: 'timeliness',
      description:
        kind === 'freshness'
          ? `newest ${column} at most ${hours} h old (${property})`
          : `oldest ${column} at most ${hours} h old (retention)`,
      idHint: `${column}.${property}`,
      path,
    });
  });
  return out;
}

/** The first key whose value is defined: where a finding about these options points. */
function firstDefined(options: Record<string, unknown>): string {
  return Object.keys(options).find((k) => options[k] !== undefined) ?? '';
}

function columnName(property: OdcsProperty): string {
  return typeof property.physicalName === 'string' ? property.physicalName : property.name;
}

function rangeText(...[min, max, exMin, exMax]: (number | string | undefined)[]): string {
  const low = exMin !== undefined ? `(${exMin}` : min !== undefined ? `[${min}` : '(-∞';
  const high = exMax !== undefined ? `${exMax})` : max !== undefined ? `${max}]` : '∞)';
  return `${low}, ${high}`;
}
