import type { Dimensions, GovernanceFindings, Me, MeshScore } from '@meshwork/api';
import { Empty, Link, Show } from '../components/ui.js';
import { useApi } from '../use-api.js';

const DIMENSIONS: readonly (readonly [keyof Dimensions, string])[] = [
  ['discoverable', 'D'],
  ['addressable', 'A'],
  ['trustworthy', 'T'],
  ['selfDescribing', 'S'],
  ['interoperable', 'I'],
  ['secure', 'S'],
];
const DIMENSION_NAMES: Record<keyof Dimensions, string> = {
  discoverable: 'Discoverable',
  addressable: 'Addressable',
  trustworthy: 'Trustworthy',
  selfDescribing: 'Self-describing',
  interoperable: 'Interoperable',
  secure: 'Secure',
};

/** The governance group's view: rule violations, classification coverage, DATSIS scores, doctor. */
export function GovernancePage({ me }: { me: Me }) {
  const reader = me.can.viewFindings;
  const [findings] = useApi<GovernanceFindings>(reader ? '/governance/findings' : null);
  const [score] = useApi<MeshScore>('/score');
  return (
    <section className="governance">
      <h1>Governance</h1>
      {reader ? (
        <Show load={findings} label="Evaluating the rules on the mesh…">
          {(f) => <Findings findings={f} />}
        </Show>
      ) : (
        <p className="notice">
          Rule violations, classification coverage and doctor's findings are for admins, the governance group and domain
          owners; you are signed in as a {me.role}. The DATSIS scores below are open to everyone.
        </p>
      )}
      <section aria-labelledby="datsis-h">
        <h2 id="datsis-h">DATSIS scores</h2>
        <Show load={score} label="Scoring the products…">
          {(s) =>
            s.products.length === 0 ? (
              <Empty>No product is published yet, so none is scored.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>
                    Mesh average <strong>{s.average.score}</strong>/100 over {s.products.length} products
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col">Score</th>
                      {DIMENSIONS.map(([key, letter]) => (
                        <th key={key} scope="col">
                          <abbr title={DIMENSION_NAMES[key]}>{letter}</abbr>
                        </th>
                      ))}
                      <th scope="col">Missing points</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...s.products]
                      .sort((a, b) => a.score - b.score || a.address.localeCompare(b.address))
                      .map((p) => (
                        <tr key={p.address}>
                          <th scope="row">
                            <Link to={`/products/${p.address}`}>{p.address}</Link>
                          </th>
                          <td>{p.score}</td>
                          {DIMENSIONS.map(([key]) => (
                            <td key={key}>{p.dimensions[key]}</td>
                          ))}
                          <td>{p.missing.length}</td>
                        </tr>
                      ))}
                    <tr>
                      <th scope="row">Mesh average</th>
                      <td>
                        <strong>{s.average.score}</strong>
                      </td>
                      {DIMENSIONS.map(([key]) => (
                        <td key={key}>{s.average.dimensions[key]}</td>
                      ))}
                      <td />
                    </tr>
                  </tbody>
                </table>
              </div>
            )
          }
        </Show>
      </section>
    </section>
  );
}

function Findings({ findings }: { findings: GovernanceFindings }) {
  const errors = findings.rules.byDomain.reduce((n, d) => n + d.errors, 0);
  const warnings = findings.rules.byDomain.reduce((n, d) => n + d.warnings, 0);
  const columns = findings.coverage.reduce((n, c) => n + c.columns, 0);
  const classified = findings.coverage.reduce((n, c) => n + c.classified, 0);
  return (
    <>
      <div className="stat-row">
        <p className="stat">
          <strong>{errors}</strong> rule errors
        </p>
        <p className="stat">
          <strong>{warnings}</strong> rule warnings
        </p>
        <p className="stat">
          <strong>{columns ? `${Math.floor((classified / columns) * 100)} %` : '—'}</strong> columns classified
        </p>
        <p className="stat">
          <strong>{findings.doctor.findings.length}</strong> doctor findings{findings.doctor.ok ? '' : ' (errors)'}
        </p>
      </div>
      <div className="two-col">
        <section aria-labelledby="by-domain-h">
          <h2 id="by-domain-h">Rule violations by domain</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Errors</th>
                  <th scope="col">Warnings</th>
                </tr>
              </thead>
              <tbody>
                {findings.rules.byDomain.map((d) => (
                  <tr key={d.domain}>
                    <th scope="row">
                      <Link to={`/domains/${d.domain}`}>{d.domain}</Link>
                    </th>
                    <td className={d.errors ? 'bad' : ''}>{d.errors}</td>
                    <td>{d.warnings}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="by-rule-h">
          <h2 id="by-rule-h">Rule violations by rule</h2>
          {findings.rules.byRule.length === 0 ? (
            <Empty>Every domain and product meets every rule in force.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Findings</th>
                    <th scope="col">Domains</th>
                  </tr>
                </thead>
                <tbody>
                  {findings.rules.byRule.map((r) => (
                    <tr key={r.rule}>
                      <th scope="row">
                        <code>{r.rule}</code>
                      </th>
                      <td className={r.severity === 'error' ? 'bad' : ''}>{r.severity}</td>
                      <td>{r.count}</td>
                      <td>{r.domains.join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      {findings.rules.total > 0 && (
        <section aria-labelledby="rule-findings-h">
          <h2 id="rule-findings-h">Rule findings</h2>
          <ul className="findings-list">
            {findings.rules.byDomain.flatMap((d) =>
              d.findings.map((f) => (
                <li key={`${f.subject}:${f.code}:${f.file}:${f.line}`} className={`finding ${f.severity}`}>
                  <strong>{f.severity}</strong> <code>{f.code}</code> on{' '}
                  {f.subject.includes('.') ? <Link to={`/products/${f.subject}`}>{f.subject}</Link> : f.subject}:{' '}
                  {f.message}{' '}
                  <span className="muted">
                    ({f.file}:{f.line})
                  </span>
                  {f.hint && (
                    <>
                      <br />
                      <span className="muted">Fix: {f.hint}</span>
                    </>
                  )}
                </li>
              )),
            )}
          </ul>
        </section>
      )}
      <section aria-labelledby="coverage-h">
        <h2 id="coverage-h">Classification coverage</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Columns classified</th>
                <th scope="col">Share</th>
                <th scope="col">Products meeting the standard</th>
              </tr>
            </thead>
            <tbody>
              {findings.coverage.map((c) => (
                <tr key={c.domain}>
                  <th scope="row">{c.domain}</th>
                  <td>
                    {c.classified} of {c.columns}
                  </td>
                  <td>
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" style={{ width: `${c.percent ?? 0}%` }} />
                    </span>
                    {c.percent === null ? 'no columns' : `${c.percent} %`}
                  </td>
                  <td>
                    {c.meetingStandard} of {c.products}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="doctor-h">
        <h2 id="doctor-h">Doctor</h2>
        <p className="hint">
          <code>meshwork doctor</code> on the served mesh: the data-mesh anti-patterns visible in its files.
        </p>
        {findings.doctor.findings.length === 0 ? (
          <Empty>Doctor finds nothing to report.</Empty>
        ) : (
          <ul className="findings-list">
            {findings.doctor.findings.map((f) => (
              <li key={`${f.id}:${f.subject}`} className={`finding ${f.severity}`}>
                <strong>{f.severity}</strong> · {f.antiPattern} · {f.subject}: {f.message}
                <br />
                <span className="muted">What to do: {f.fix}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
