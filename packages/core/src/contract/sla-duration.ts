const MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
  mo: 2_592_000_000,
  month: 2_592_000_000,
  months: 2_592_000_000,
  y: 31_536_000_000,
  yr: 31_536_000_000,
  year: 31_536_000_000,
  years: 31_536_000_000,
};

/**
 * An SLA duration in milliseconds from ODCS `value` and `unit` (`d`, `day`, `days`, `h`, `y`, `yr`, ...;
 * months are 30 days, years 365). Undefined when the value is not a positive number or the unit unknown.
 *
 * @example
 * slaDurationMs(4, 'd') // 345600000
 */
export function slaDurationMs(value: unknown, unit: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  const factor = MS[String(unit ?? 'd').toLowerCase()];
  if (!Number.isFinite(n) || n < 0 || factor === undefined) return undefined;
  return n * factor;
}

/** The units {@link slaDurationMs} understands, for error messages. */
export const SLA_UNITS = Object.keys(MS);
