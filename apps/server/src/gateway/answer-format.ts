import type { QueryAnswer } from './query-service.js';

/** A value as JSON can carry it: 64-bit integers as numbers when exact, else strings; dates as ISO text. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  }
  return value;
}

/** One CSV field: empty for NULL, nested values as JSON, quoted when it holds a quote, comma or newline. */
export function csvCell(value: unknown): string {
  const plain = jsonValue(value);
  if (plain === null || plain === undefined) return '';
  const text = typeof plain === 'object' ? JSON.stringify(plain) : String(plain);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The JSON body of a gateway answer, as `POST /api/v1/query` returns it and the MCP `query` tool carries it
 * as structured content: one definition, so both answer the same.
 */
export function answerJson(answer: QueryAnswer) {
  return {
    columns: answer.columns.map((c) => ({ ...c })),
    rows: answer.rows.map((r) => r.map(jsonValue)),
    truncated: answer.truncated,
    truncatedBy: answer.truncatedBy ?? null,
    stats: {
      rows: answer.rows.length,
      durationMs: Math.round(answer.durationMs * 10) / 10,
      cpuMs: Math.round(answer.cpuMs * 10) / 10,
      products: [...answer.products],
    },
  };
}
