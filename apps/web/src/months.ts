/** Calendar months as the chargeback API names them (YYYY-MM, UTC). */

/** The calendar month of `date` (UTC) shifted by `delta` months, as YYYY-MM. */
export function monthOf(date: Date, delta = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month and the five before it, oldest first. */
export function lastSixMonths(period: string): string[] {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(year, month - 1, 1));
  return [-5, -4, -3, -2, -1, 0].map((delta) => monthOf(end, delta));
}
