import { InputError } from '@meshwork/core';
import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../schema.js';

/** The domain key of users who belong to no domain (admins, the governance group, outside consumers). */
export const NO_DOMAIN = '(none)';

/** A calendar month in UTC, as the chargeback report counts it. */
export interface MonthPeriod {
  /** `YYYY-MM`. */
  readonly period: string;
  /** First instant of the month (inclusive) and of the next month (exclusive), UTC. */
  readonly start: Date;
  readonly end: Date;
  readonly daysInMonth: number;
}

/** Parses `YYYY-MM` (months 01–12); anything else is an InputError naming the field `period`. */
export function monthPeriod(period: string): MonthPeriod {
  const match = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) {
    throw new InputError(`period "${period}" is not a month; write it as YYYY-MM, for example 2026-03`, {
      field: 'period',
    });
  }
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const start = new Date(Date.UTC(year, month, 1));
  const end = new Date(Date.UTC(year, month + 1, 1));
  return { period, start, end, daysInMonth: Math.round((end.getTime() - start.getTime()) / 86_400_000) };
}

/** What one domain consumed (queries of its users) and stored (samples of its products) in a month. */
export interface DomainUsage {
  /** The domain, or {@link NO_DOMAIN} for the queries of users of no domain. */
  readonly domain: string;
  /** Successful queries (status `ok`) of the domain's users. */
  readonly queries: number;
  /** Bytes those queries read (the stored size of the products each read: an upper bound). */
  readonly bytesScanned: number;
  readonly cpuMs: number;
  /** Days of the month with a storage sample of the domain. */
  readonly daysSampled: number;
  /** Average of the domain's daily samples (0 without samples). */
  readonly averageBytesStored: number;
  /** Sum of the daily samples: the average × the days sampled, in byte-days. */
  readonly byteDaysStored: number;
}

/** One of the month's most expensive queries. */
export interface TopQuery {
  readonly user: string;
  /** The user's domain, or {@link NO_DOMAIN}. */
  readonly domain: string;
  readonly products: readonly string[];
  readonly bytesScanned: number;
  readonly cpuMs: number;
  readonly durationMs: number;
  readonly at: Date;
  readonly sql: string | null;
}

/** The measured usage behind a chargeback report; prices are applied by whoever reports it. */
export interface ChargebackUsage {
  readonly period: MonthPeriod;
  /** Every domain that consumed or stored in the month, in name order; {@link NO_DOMAIN} last. */
  readonly domains: readonly DomainUsage[];
  /** Successful queries, most bytes scanned first, then most CPU. */
  readonly topQueries: readonly TopQuery[];
}

/**
 * The usage of a month (`YYYY-MM`, UTC) per domain, aggregated in SQL: the successful queries of each
 * domain's users from `query_log`, and each producing domain's daily `storage_samples`. A domain appears
 * when it consumed or stored. `top` (default 10) is how many of the most expensive queries to return.
 */
export async function chargebackUsage(
  db: Kysely<CatalogDatabase>,
  period: string,
  options: { readonly top?: number } = {},
): Promise<ChargebackUsage> {
  const month = monthPeriod(period);
  const start = month.start.toISOString();
  const end = month.end.toISOString();
  const firstDay = start.slice(0, 10);
  const nextFirstDay = end.slice(0, 10);
  // Sums of bigint come back as numeric, and numeric and bigint as strings from some drivers: Number() below.
  const perDomain = await sql<{
    domain: string;
    queries: string | number;
    bytes_scanned: string | number;
    cpu_ms: string | number;
    days_sampled: string | number;
    average_bytes: string | number;
    byte_days: string | number;
  }>`
    with consumed as (
      select coalesce(user_domain, ${NO_DOMAIN}) as domain, count(*) as queries,
        sum(bytes_scanned) as bytes_scanned, sum(cpu_ms) as cpu_ms
      from query_log
      where status = 'ok' and at >= ${start}::timestamptz and at < ${end}::timestamptz
      group by 1
    ), stored as (
      select domain, count(*) as days_sampled, avg(bytes) as average_bytes, sum(bytes) as byte_days
      from storage_samples
      where day >= ${firstDay}::date and day < ${nextFirstDay}::date
      group by domain
    )
    select coalesce(c.domain, s.domain) as domain,
      coalesce(c.queries, 0) as queries,
      coalesce(c.bytes_scanned, 0) as bytes_scanned,
      coalesce(c.cpu_ms, 0) as cpu_ms,
      coalesce(s.days_sampled, 0) as days_sampled,
      coalesce(s.average_bytes, 0) as average_bytes,
      coalesce(s.byte_days, 0) as byte_days
    from consumed c full join stored s on s.domain = c.domain`.execute(db);
  const top = await db
    .selectFrom('query_log')
    .select(['user_email', 'user_domain', 'products', 'bytes_scanned', 'cpu_ms', 'duration_ms', 'at', 'sql'])
    .where('status', '=', 'ok')
    .where('at', '>=', month.start)
    .where('at', '<', month.end)
    .orderBy('bytes_scanned', 'desc')
    .orderBy('cpu_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(options.top ?? 10)
    .execute();
  return {
    period: month,
    domains: perDomain.rows.sort(byDomain).map((r) => ({
      domain: r.domain,
      queries: Number(r.queries),
      bytesScanned: Number(r.bytes_scanned),
      cpuMs: Number(r.cpu_ms),
      daysSampled: Number(r.days_sampled),
      averageBytesStored: Number(r.average_bytes),
      byteDaysStored: Number(r.byte_days),
    })),
    topQueries: top.map((r) => ({
      user: r.user_email,
      domain: r.user_domain ?? NO_DOMAIN,
      products: (typeof r.products === 'string' ? JSON.parse(r.products) : r.products) as string[],
      bytesScanned: Number(r.bytes_scanned),
      cpuMs: Number(r.cpu_ms),
      durationMs: Number(r.duration_ms),
      at: new Date(r.at),
      sql: r.sql,
    })),
  };
}

/** Domains in name order (code points, whatever the database's collation), {@link NO_DOMAIN} last. */
function byDomain(a: { domain: string }, b: { domain: string }): number {
  if (a.domain === b.domain) return 0;
  if (a.domain === NO_DOMAIN) return 1;
  if (b.domain === NO_DOMAIN) return -1;
  return a.domain < b.domain ? -1 : 1;
}
