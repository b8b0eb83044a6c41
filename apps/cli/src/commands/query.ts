import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { apiClient, settle } from '../io/api-client.js';

/** Flags of `meshwork query`. */
export interface QueryFlags {
  readonly format?: string;
  readonly limit?: string;
  readonly server?: string;
  readonly token?: string;
}

const FORMATS = ['table', 'json', 'csv'];

/**
 * `meshwork query "SQL" [--format table|json|csv] [--limit N]`: runs one SELECT over data products through
 * the server's governed gateway (authorized per product, masked above the caller's clearance).
 */
export async function queryCommand(sql: string, flags: QueryFlags): Promise<number> {
  const format = flags.format ?? 'table';
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${format}"`);
  const limit = flags.limit === undefined ? 1000 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw new UsageError(`--limit takes a whole number from 1 to 100000, not "${flags.limit}"`);
  }
  const api = apiClient(flags);
  const result = await settle(api.query({ sql, limit }));
  if (!result.ok) {
    if (result.error.status === 401) throw new UsageError(`the server refused the token: ${result.error.message}`);
    const lines = [pc.red(`✖ ${result.error.message}`)];
    const position = result.error.details.position;
    if (typeof position === 'number') {
      const before = sql.slice(0, position).split('\n');
      const line = sql.split('\n')[before.length - 1] ?? '';
      lines.push(`  ${line}`, `  ${' '.repeat(before.at(-1)?.length ?? 0)}${pc.red('^')}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
    return 1;
  }
  const body = result.body;
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const names = body.columns.map((c) => c.name);
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (format === 'csv') {
    const quote = (t: string) => (/[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
    const lines = [names.map(quote).join(','), ...body.rows.map((r) => r.map((v) => quote(cell(v))).join(','))];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  const header = body.columns.map((c) => (c.masked ? `${c.name}*` : c.name));
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...body.rows.map((r) => cell(r[i]).length))));
  const fit = (t: string, w: number) => (t.length > w ? `${t.slice(0, w - 1)}…` : t.padEnd(w));
  const lines = [
    pc.bold(header.map((h, i) => fit(h, widths[i] ?? 0)).join('  ')),
    ...body.rows.map((r) => r.map((v, i) => fit(cell(v), widths[i] ?? 0)).join('  ')),
  ];
  const masked = body.columns.filter((c) => c.masked).map((c) => c.name);
  lines.push(
    pc.dim(
      `${body.stats.rows} row${body.stats.rows === 1 ? '' : 's'}${body.truncatedBy === 'bytes' ? ' (the answer-size cap reached)' : body.truncated ? ` (limit ${limit} reached)` : ''} in ${body.stats.durationMs} ms from ${body.stats.products.join(', ') || 'no product'}${masked.length > 0 ? ` · * masked: ${masked.join(', ')}` : ''}`,
    ),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
