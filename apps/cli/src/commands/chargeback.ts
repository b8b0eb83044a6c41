import type { Chargeback } from '@meshwork/api';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { apiClient, settle } from '../io/api-client.js';

/** Flags of `meshwork chargeback`. */
export interface ChargebackFlags {
  readonly period?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly server?: string;
  readonly token?: string;
}

const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/**
 * `meshwork chargeback --period YYYY-MM [--json | --csv]`: the month's chargeback report of a Meshwork
 * server (admins, governance and domain owners): per domain what its users' queries consumed and what its
 * products stored, priced with the mesh's price table, then the month's top queries. Exit 1 when the
 * server refuses the report, 2 on usage errors.
 */
export async function chargebackCommand(flags: ChargebackFlags): Promise<number> {
  const period = flags.period ?? '';
  if (!PERIOD.test(period))
    throw new UsageError(`--period takes a month as YYYY-MM, for example 2026-03, not "${period}"`);
  if (flags.json && flags.csv) throw new UsageError('--json and --csv are alternatives; give one of them');
  const api = apiClient(flags);
  const result = await settle(api.chargeback(period));
  if (!result.ok) {
    if (result.error.status === 401) throw new UsageError(`the server refused the token: ${result.error.message}`);
    if (result.error.status === 400) throw new UsageError(result.error.message);
    process.stderr.write(`${pc.red(`✖ ${result.error.message}`)}\n`);
    return 1;
  }
  const report = result.body;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  if (flags.csv) {
    process.stdout.write(chargebackCsv(report));
    return 0;
  }
  process.stdout.write(chargebackTable(report));
  return 0;
}

/** The domain table as CSV, one row per domain, full precision. */
export function chargebackCsv(report: Chargeback): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    'domain,consumed_cost,stored_cost,total,tb_scanned,cpu_hours,gb_months,queries,currency',
    ...report.domains.map((d) =>
      [
        d.domain,
        d.consumed.cost,
        d.stored.cost,
        d.total,
        d.consumed.tbScanned,
        d.consumed.cpuHours,
        d.stored.gbMonths,
        d.consumed.queries,
        report.currency,
      ]
        .map(cell)
        .join(','),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The report as text: the domain table with a total row, then the top queries. */
export function chargebackTable(report: Chargeback): string {
  // Half up on the decimal digits as written (15.075 → 15.08), not on the binary double (15.07).
  const money = (n: number) => {
    const cents = Number(`${n}e2`); // NaN for numbers JavaScript writes with an exponent (tiny ones)
    return (Number.isNaN(cents) ? n : Math.round(cents) / 100).toFixed(2);
  };
  const header = [
    'domain',
    `consumed ${report.currency}`,
    `stored ${report.currency}`,
    `total ${report.currency}`,
    'TB scanned',
    'CPU h',
    'GB-months',
  ];
  const sum = (pick: (d: Chargeback['domains'][number]) => number) =>
    report.domains.reduce((total, d) => total + pick(d), 0);
  const row = (
    domain: string,
    consumed: number,
    stored: number,
    total: number,
    tb: number,
    cpu: number,
    gb: number,
  ): string[] => [domain, money(consumed), money(stored), money(total), tb.toFixed(6), cpu.toFixed(4), gb.toFixed(4)];
  const rows = report.domains.map((d) =>
    row(
      d.domain,
      d.consumed.cost,
      d.stored.cost,
      d.total,
      d.consumed.tbScanned,
      d.consumed.cpuHours,
      d.stored.gbMonths,
    ),
  );
  const totals = row(
    'total',
    sum((d) => d.consumed.cost),
    sum((d) => d.stored.cost),
    sum((d) => d.total),
    sum((d) => d.consumed.tbScanned),
    sum((d) => d.consumed.cpuHours),
    sum((d) => d.stored.gbMonths),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...[...rows, totals].map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const lines = [pc.bold(`Chargeback ${report.period}`), ''];
  if (rows.length === 0) lines.push('no domain consumed or stored anything in this month');
  else lines.push(pc.bold(format(header)), ...rows.map(format), pc.dim(format(totals)));
  const p = report.prices;
  lines.push(
    '',
    pc.dim(
      `prices: ${p.perTBScanned} ${report.currency}/TB scanned · ${p.perCpuHour} ${report.currency}/CPU h · ${p.perGBMonthStored} ${report.currency}/GB-month stored`,
    ),
  );
  if (report.note) lines.push(pc.yellow(`note: ${report.note}`));
  if (report.topQueries.length > 0) {
    lines.push('', pc.bold('Top queries (bytes scanned, then CPU)'));
    report.topQueries.forEach((q, i) => {
      lines.push(
        `${String(i + 1).padStart(3)}. ${bytes(q.bytesScanned).padStart(9)}  ${`${Math.round(q.cpuMs)} ms CPU`.padStart(13)}  ${q.user} (${q.domain})  ${q.at}  ${q.products.join(', ')}`,
      );
      if (q.sql) lines.push(pc.dim(`     ${oneLine(q.sql, 100)}`));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** Bytes in decimal units, as the report counts them. */
function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${units[unit]}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
