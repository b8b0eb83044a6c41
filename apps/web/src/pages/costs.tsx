import type { Chargeback, Me } from '@meshwork/api';
import { useEffect, useId, useMemo, useState } from 'react';
import { api, messageOf } from '../api.js';
import type { ChartSpec } from '../chart.js';
import { ChartCanvas } from '../components/chart-canvas.js';
import { Empty, ErrorMessage, Show, Spinner, when } from '../components/ui.js';
import { lastSixMonths, monthOf } from '../months.js';
import { useApi } from '../use-api.js';

/** Money with at least the cents and up to six decimals: a small mesh's costs are fractions of a cent. */
function money(value: number, currency: string): string {
  try {
    return value.toLocaleString(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 6,
    });
  } catch {
    return `${value} ${currency}`;
  }
}

function bytes(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Chargeback per domain for a month (consumed vs stored), its top queries, and the six-month trend. */
export function CostsPage({ me }: { me: Me }) {
  const [period, setPeriod] = useState(() => monthOf(new Date()));
  const id = useId();
  if (!me.can.viewChargeback)
    return (
      <section>
        <h1>Costs</h1>
        <p className="notice">
          The chargeback report is for admins, the governance group and domain owners; you are signed in as a {me.role}.
        </p>
      </section>
    );
  return (
    <section className="costs">
      <h1>Costs</h1>
      <form className="period-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={id}>Month</label>
        <input
          id={id}
          type="month"
          value={period}
          required
          onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && setPeriod(e.target.value)}
        />
      </form>
      <Month period={period} />
      <Trend period={period} />
    </section>
  );
}

function Month({ period }: { period: string }) {
  const [report] = useApi<Chargeback>(`/chargeback?period=${period}`);
  return (
    <Show load={report} label={`Loading the chargeback of ${period}…`}>
      {(r) => {
        const spec: ChartSpec = {
          kind: 'bar',
          stacked: true,
          labels: r.domains.map((d) => d.domain),
          series: [
            { name: `Consumed (${r.currency})`, values: r.domains.map((d) => d.consumed.cost) },
            { name: `Stored (${r.currency})`, values: r.domains.map((d) => d.stored.cost) },
          ],
        };
        const total = r.domains.reduce((n, d) => n + d.total, 0);
        return (
          <>
            <section aria-labelledby="chargeback-h">
              <h2 id="chargeback-h">Chargeback of {r.period}</h2>
              <p className="hint">
                Prices: {money(r.prices.perTBScanned, r.currency)} per TB scanned,{' '}
                {money(r.prices.perCpuHour, r.currency)} per CPU hour, {money(r.prices.perGBMonthStored, r.currency)}{' '}
                per GB-month stored. {r.note ? `${r.note.charAt(0).toUpperCase()}${r.note.slice(1)}.` : ''}
              </p>
              {r.domains.length === 0 ? (
                <Empty>Nothing was queried or stored in {r.period}.</Empty>
              ) : (
                <>
                  <div className="table-wrap">
                    <table className="chargeback">
                      <thead>
                        <tr>
                          <th scope="col">Domain</th>
                          <th scope="col">Queries</th>
                          <th scope="col">TB scanned</th>
                          <th scope="col">CPU hours</th>
                          <th scope="col">Consumed</th>
                          <th scope="col">GB-months</th>
                          <th scope="col">Stored</th>
                          <th scope="col">Total</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.domains.map((d) => (
                          <tr key={d.domain}>
                            <th scope="row">{d.domain}</th>
                            <td>{d.consumed.queries}</td>
                            <td>{d.consumed.tbScanned}</td>
                            <td>{d.consumed.cpuHours}</td>
                            <td>{money(d.consumed.cost, r.currency)}</td>
                            <td>{d.stored.gbMonths}</td>
                            <td>{money(d.stored.cost, r.currency)}</td>
                            <td>
                              <strong>{money(d.total, r.currency)}</strong>
                            </td>
                          </tr>
                        ))}
                        <tr>
                          <th scope="row">All domains</th>
                          <td>{r.domains.reduce((n, d) => n + d.consumed.queries, 0)}</td>
                          <td colSpan={5} />
                          <td>
                            <strong>{money(total, r.currency)}</strong>
                          </td>
                        </tr>
                      </tbody>
                    </table>
                  </div>
                  <ChartCanvas
                    spec={spec}
                    label={`Stacked bars of consumed and stored cost per domain in ${r.period}`}
                  />
                </>
              )}
            </section>
            <section aria-labelledby="top-h">
              <h2 id="top-h">Top queries</h2>
              {r.topQueries.length === 0 ? (
                <Empty>No query ran through the gateway in {r.period}.</Empty>
              ) : (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">When</th>
                        <th scope="col">Who</th>
                        <th scope="col">Products</th>
                        <th scope="col">Scanned</th>
                        <th scope="col">CPU</th>
                        <th scope="col">SQL</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.topQueries.map((q) => (
                        <tr key={`${q.at}:${q.user}`}>
                          <td>{when(q.at)}</td>
                          <td>
                            {q.user} <span className="muted">({q.domain})</span>
                          </td>
                          <td>{q.products.join(', ')}</td>
                          <td>{bytes(q.bytesScanned)}</td>
                          <td>{q.cpuMs} ms</td>
                          <td>
                            <code>{q.sql ?? '(not kept)'}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        );
      }}
    </Show>
  );
}

/** The total per domain over the six months up to `period`: six calls, one per month. */
function Trend({ period }: { period: string }) {
  const months = useMemo(() => lastSixMonths(period), [period]);
  const [reports, setReports] = useState<Chargeback[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setReports(null);
    setError(null);
    Promise.all(months.map((m) => api<Chargeback>(`/chargeback?period=${m}`))).then(
      (rs) => live && setReports(rs),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [months]);
  const spec = useMemo<ChartSpec | null>(() => {
    if (!reports) return null;
    const domains = [...new Set(reports.flatMap((r) => r.domains.map((d) => d.domain)))].sort();
    return {
      kind: 'line',
      labels: months,
      series: domains.map((domain) => ({
        name: domain,
        values: reports.map((r) => r.domains.find((d) => d.domain === domain)?.total ?? 0),
      })),
    };
  }, [reports, months]);
  return (
    <section aria-labelledby="trend-h">
      <h2 id="trend-h">Trend over six months</h2>
      {error && <ErrorMessage message={error} />}
      {!error && !spec && <Spinner label="Loading six months of chargeback…" />}
      {spec &&
        (spec.series.length === 0 ? (
          <Empty>
            Nothing was queried or stored from {months[0]} to {months[5]}.
          </Empty>
        ) : (
          <ChartCanvas spec={spec} label={`Line chart of each domain's total cost from ${months[0]} to ${months[5]}`} />
        ))}
    </section>
  );
}
