import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChargebackQuery, ErrorResponse, Chargeback as Report } from '@meshwork/api';
import { type Catalog, type ChargebackUsage, chargebackUsage, type DomainUsage } from '@meshwork/catalog';
import type { Prices } from '@meshwork/core';
import type { AccessModel } from '@meshwork/governance';
import { meshActionHook } from '../access/mesh-action-hook.js';

/** Decimal units, as cloud bills count them: a terabyte is 10^12 bytes, a gigabyte 10^9. */
const TB = 1e12;
const GB = 1e9;
const HOUR_MS = 3_600_000;
const DEFAULT_CURRENCY = 'EUR';

/** Refuses the report to consumers and members before the query is even validated. */

/**
 * `GET /chargeback?period=YYYY-MM`: what each domain consumed (the gateway queries of its users: TB
 * scanned, CPU hours) and stored (its products' daily storage samples: GB-months) in a month, priced with
 * the mesh's price table (`prices` in meshwork.yaml), and the month's top queries.
 */
export function chargebackRoutes(
  catalog: Catalog,
  access: AccessModel,
  prices: Prices | undefined,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/chargeback',
      {
        preValidation: meshActionHook(
          access,
          'viewChargeback',
          'the chargeback report is for admins, the governance group and domain owners',
        ),
        schema: {
          tags: ['governance'],
          description:
            'The chargeback report of a month (admins, governance and domain owners): per domain, queries consumed and storage used, priced with the price table of meshwork.yaml.',
          querystring: ChargebackQuery,
          response: { 200: Report, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
        },
      },
      async (request) => {
        const usage = await chargebackUsage(catalog.db, request.query.period);
        return chargebackReport(usage, prices);
      },
    );
  };
}

/** The priced report of a month's usage; without a price table every cost is 0 and `note` says why. */
function chargebackReport(usage: ChargebackUsage, prices: Prices | undefined) {
  const price = {
    perTBScanned: prices?.perTBScanned ?? 0,
    perCpuHour: prices?.perCpuHour ?? 0,
    perGBMonthStored: prices?.perGBMonthStored ?? 0,
  };
  const line = (d: DomainUsage) => {
    const tbScanned = d.bytesScanned / TB;
    const cpuHours = d.cpuMs / HOUR_MS;
    // The average daily sample × the days sampled ÷ the days of the month.
    const gbMonths = d.byteDaysStored / GB / usage.period.daysInMonth;
    const consumedCost = tbScanned * price.perTBScanned + cpuHours * price.perCpuHour;
    const storedCost = gbMonths * price.perGBMonthStored;
    return {
      domain: d.domain,
      consumed: {
        queries: d.queries,
        tbScanned: round(tbScanned, 9),
        cpuHours: round(cpuHours, 9),
        cost: round(consumedCost, 6),
      },
      stored: { gbMonths: round(gbMonths, 9), cost: round(storedCost, 6) },
      total: round(consumedCost + storedCost, 6),
    };
  };
  return {
    period: usage.period.period,
    currency: prices?.currency ?? DEFAULT_CURRENCY,
    prices: price,
    domains: usage.domains.map(line),
    topQueries: usage.topQueries.map((q) => ({ ...q, products: [...q.products], at: q.at.toISOString() })),
    generatedAt: new Date().toISOString(),
    ...(prices
      ? {}
      : {
          note: 'no price table is set (prices in meshwork.yaml), so every cost is 0; the usage is measured all the same',
        }),
  };
}

/** Rounded to `digits` decimals, for money and quantities in JSON. */
function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
