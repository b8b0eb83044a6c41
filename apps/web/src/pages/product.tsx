import type {
  AccessRequest,
  CheckRun,
  Grant,
  Me,
  MeshGraph,
  Product,
  ProductContent,
  ProductScore,
  SlaStatus as Sla,
  VersionEntry as Version,
  VersionChanges,
} from '@meshwork/api';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { api, messageOf } from '../api.js';
import { DependencyGraph } from '../components/dependency-graph.js';
import {
  ClassificationBadge,
  day,
  Empty,
  ErrorMessage,
  Link,
  Show,
  SlaBadge,
  Spinner,
  when,
} from '../components/ui.js';
import { lineageOf } from '../graph-layout.js';
import { useApi } from '../use-api.js';

/** A data product: what it is, its schema, its health, its versions and score, and how to ask for it. */
export function ProductPage({ address, me }: { address: string; me: Me }) {
  const [product] = useApi<Product>(`/products/${address}`);
  const [content] = useApi<ProductContent>(`/products/${address}/content`);
  const [sla] = useApi<Sla>(`/products/${address}/sla`);
  const [checks] = useApi<{ runs: CheckRun[] }>(`/products/${address}/checks?limit=20`);
  const [versions] = useApi<Version[]>(`/products/${address}/versions`);
  const [score] = useApi<ProductScore>(`/products/${address}/score`);
  const [graph] = useApi<MeshGraph>('/graph');
  const domain = address.split('.')[0];
  const seesGrants = me.can.viewAllAccess || (me.can.viewDomainAccess && me.domain === domain);
  const [grants] = useApi<{ items: Grant[] }>(seesGrants ? `/access/grants?product=${address}&active=true` : null);

  return (
    <article className="product">
      <Show load={product} label="Loading the product…">
        {(p) => (
          <header>
            <p className="crumbs">
              <Link to="/">Overview</Link> › <Link to={`/domains/${p.domain}`}>{p.domain}</Link>
            </p>
            <h1>{p.name}</h1>
            <p>
              <code>{p.address}</code> · version {p.latestVersion ?? 'unpublished'} ·{' '}
              <span className="badge">{p.status}</span> {sla.state === 'ready' && <SlaBadge status={sla.data.status} />}
            </p>
            <p className="lede">{p.description}</p>
          </header>
        )}
      </Show>
      <div className="product-grid">
        <div className="main-column">
          <section aria-labelledby="schema-h">
            <h2 id="schema-h">Schema</h2>
            <Show load={content}>{(c) => <Schema content={c} />}</Show>
          </section>
          <section aria-labelledby="readme-h">
            <h2 id="readme-h">README</h2>
            <Show load={content}>
              {(c) => (c.docs ? <Readme markdown={c.docs} /> : <Empty>This product has no README.md.</Empty>)}
            </Show>
          </section>
          <section aria-labelledby="checks-h">
            <h2 id="checks-h">Quality checks</h2>
            <Show load={checks}>{(c) => <CheckHistory runs={c.runs} />}</Show>
          </section>
          <section aria-labelledby="lineage-h">
            <h2 id="lineage-h">Lineage</h2>
            <Show load={graph} label="Loading the lineage…">
              {(g) => {
                const lineage = lineageOf(g, address);
                return lineage.edges.length === 0 ? (
                  <Empty>No product reads this one, and it reads no other product through an input port.</Empty>
                ) : (
                  <DependencyGraph
                    graph={lineage}
                    focus={address}
                    label={`Lineage of ${address}: ${lineage.nodes.length - 1} products upstream and downstream`}
                  />
                );
              }}
            </Show>
          </section>
          <section aria-labelledby="versions-h">
            <h2 id="versions-h">Versions</h2>
            <Show load={versions}>
              {(vs) =>
                vs.length === 0 ? (
                  <Empty>No version is published yet.</Empty>
                ) : (
                  <ul className="versions">
                    {vs.map((v) => (
                      <li key={v.version}>
                        <strong>{v.version}</strong> published {when(v.publishedAt)} by {v.publishedBy}
                        <Changelog address={address} version={v.version} />
                        <h3 className="sub">Governance warnings</h3>
                        {v.findings.length > 0 ? (
                          <ul>
                            {v.findings.map((f) => (
                              <li key={`${f.code}:${f.message}`} className={`finding ${f.severity}`}>
                                {f.severity} (<code>{f.code}</code>): {f.message}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <p className="muted">No governance warnings.</p>
                        )}
                      </li>
                    ))}
                  </ul>
                )
              }
            </Show>
          </section>
        </div>
        <div className="side-column">
          <section aria-labelledby="access-h">
            <h2 id="access-h">Request access</h2>
            <Show load={content}>{(c) => <RequestAccess address={address} content={c} me={me} />}</Show>
          </section>
          <section aria-labelledby="consumers-h">
            <h2 id="consumers-h">Consumers</h2>
            <Show load={graph}>
              {(g) => {
                const readers = g.edges.filter((e) => e.from === address);
                return readers.length === 0 ? (
                  <Empty>No product reads it through an input port.</Empty>
                ) : (
                  <ul className="product-list">
                    {readers.map((e) => (
                      <li key={`${e.to}:${e.port}`}>
                        <Link to={`/products/${e.to}`}>{e.to}</Link>{' '}
                        <span className="muted">(input port {e.port})</span>
                      </li>
                    ))}
                  </ul>
                );
              }}
            </Show>
            {seesGrants && (
              <>
                <h3>Active grants</h3>
                <Show load={grants} label="Loading the grants…">
                  {(gs) =>
                    gs.items.length === 0 ? (
                      <Empty>Nobody holds an active grant to it.</Empty>
                    ) : (
                      <ul className="product-list grants">
                        {gs.items.map((g) => (
                          <li key={g.id}>
                            {g.granteeEmail} until {day(g.expiresAt)}
                            {g.columns.length > 0 && <span className="muted"> · unmasked: {g.columns.join(', ')}</span>}
                            <br />
                            <span className="muted">{g.purpose}</span>
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </Show>
              </>
            )}
          </section>
          <section aria-labelledby="sla-h">
            <h2 id="sla-h">SLA</h2>
            <Show load={sla}>
              {(s) => (
                <p>
                  <SlaBadge status={s.status} /> since {when(s.changedAt)}; last checked {when(s.checkedAt)}.
                </p>
              )}
            </Show>
          </section>
          <section aria-labelledby="score-h">
            <h2 id="score-h">DATSIS score</h2>
            <Show load={score}>{(s) => <Score score={s} />}</Show>
          </section>
        </div>
      </div>
    </article>
  );
}

const SEVERITIES = [
  ['breaking', 'Breaking changes'],
  ['warning', 'Warnings'],
  ['info', 'Other changes'],
] as const;

/** A version's contract changes against the version before it, grouped by severity, breaking ones first. */
function Changelog({ address, version }: { address: string; version: string }) {
  const [changes] = useApi<VersionChanges>(`/products/${address}/versions/${version}/changes`);
  return (
    <div className="changelog" data-version={version}>
      <Show load={changes} label={`Loading the changelog of ${version}…`}>
        {(c) =>
          c.previous === null ? (
            <p className="muted">First version: no changelog.</p>
          ) : c.changes.length === 0 ? (
            <p className="muted">No contract changes since {c.previous}.</p>
          ) : (
            <>
              <h3 className="sub">
                Changes since {c.previous}
                {c.changes.some((x) => x.severity === 'breaking') && (
                  <span className="badge breaking-badge">breaking</span>
                )}
              </h3>
              {SEVERITIES.map(([severity, title]) => {
                const group = c.changes.filter((x) => x.severity === severity);
                return group.length === 0 ? null : (
                  <div key={severity} className={`change-group ${severity}`}>
                    <h4>
                      {title} ({group.length})
                    </h4>
                    <ul className="change-list">
                      {group.map((x) => (
                        <li key={`${x.code}:${x.location}:${x.message}`} className={`change ${severity}`}>
                          <code>{x.location}</code>: {x.message} <span className="muted">({x.code})</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                );
              })}
            </>
          )
        }
      </Show>
    </div>
  );
}

/** The README rendered by marked, loaded with the first product page rather than with the overview. */
function Readme({ markdown }: { markdown: string }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('../markdown.js').then(
      ({ renderMarkdown }) => live && setHtml(renderMarkdown(markdown)),
      (e: unknown) => live && setError(`The README could not be shown: ${messageOf(e)}`),
    );
    return () => {
      live = false;
    };
  }, [markdown]);
  if (error) return <ErrorMessage message={error} />;
  if (html === null) return <Spinner label="Rendering the README…" />;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown escapes raw HTML and unsafe URLs
  return <div className="readme" dangerouslySetInnerHTML={{ __html: html }} />;
}

function Schema({ content }: { content: ProductContent }) {
  const tables = content.contracts.flatMap((c) => c.schema ?? []);
  if (tables.length === 0) return <Empty>The contract declares no schema.</Empty>;
  return (
    <>
      {tables.map((t) => (
        <div key={t.name} className="table-wrap">
          <table>
            <caption>
              <code>{t.name}</code>
              {t.description ? ` — ${t.description}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
                <th scope="col">Classification</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {(t.properties ?? []).map((p) => (
                <tr key={p.name}>
                  <th scope="row">
                    <code>{p.name}</code>
                    {p.primaryKey && <span className="badge">key</span>}
                    {p.required && <span className="sr-only"> (required)</span>}
                  </th>
                  <td>
                    {p.logicalType ?? '—'}
                    {p.physicalType && <span className="muted"> · {p.physicalType}</span>}
                  </td>
                  <td>
                    <ClassificationBadge level={p.classification} />
                  </td>
                  <td>{p.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

/** Check runs, oldest left, as bars of passed and failed checks, and the same as a table. */
function CheckHistory({ runs }: { runs: readonly CheckRun[] }) {
  if (runs.length === 0) return <Empty>No check has run yet.</Empty>;
  const ordered = [...runs].reverse();
  const max = Math.max(...ordered.map((r) => r.passed + r.failed + r.errors), 1);
  const w = 16;
  return (
    <>
      <svg
        className="check-chart"
        role="img"
        aria-label={`${runs.length} check runs; the latest: ${runs[0]?.passed} passed, ${runs[0]?.failed} failed`}
        viewBox={`0 0 ${ordered.length * (w + 4)} 60`}
        preserveAspectRatio="none"
      >
        {ordered.map((r, i) => {
          const passed = (r.passed / max) * 56;
          const bad = ((r.failed + r.errors) / max) * 56;
          return (
            <g key={r.id}>
              <rect x={i * (w + 4)} y={60 - passed} width={w} height={passed} className="bar-ok" />
              <rect x={i * (w + 4)} y={60 - passed - bad} width={w} height={bad} className="bar-bad" />
            </g>
          );
        })}
      </svg>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Trigger</th>
              <th scope="col">Passed</th>
              <th scope="col">Failed</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {runs.slice(0, 5).map((r) => (
              <tr key={r.id}>
                <td>{when(r.startedAt)}</td>
                <td>{r.trigger}</td>
                <td>{r.passed}</td>
                <td className={r.failed ? 'bad' : ''}>{r.failed}</td>
                <td className={r.errors ? 'bad' : ''}>{r.errors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const DIMENSIONS = [
  ['discoverable', 'Discoverable'],
  ['addressable', 'Addressable'],
  ['trustworthy', 'Trustworthy'],
  ['selfDescribing', 'Self-describing'],
  ['interoperable', 'Interoperable'],
  ['secure', 'Secure'],
] as const;

function Score({ score }: { score: ProductScore }) {
  return (
    <>
      <p className="big-score">
        <strong>{score.score}</strong>/100
      </p>
      <ul className="dimensions">
        {DIMENSIONS.map(([key, label]) => (
          <li key={key}>
            <span>{label}</span>
            <meter
              min={0}
              max={100}
              value={score.dimensions[key]}
              aria-label={`${label} ${score.dimensions[key]} of 100`}
            />
            <span>{score.dimensions[key]}</span>
          </li>
        ))}
      </ul>
      {score.missing.length === 0 ? (
        <p>Every measurable point is earned.</p>
      ) : (
        <>
          <h3>Missing points and their fixes</h3>
          <ul className="missing">
            {score.missing.map((m) => (
              <li key={m.id}>
                <strong>{m.description}</strong> <span className="muted">({m.dimension})</span>
                <br />
                Fix: {m.fix}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function RequestAccess({ address, content, me }: { address: string; content: ProductContent; me: Me }) {
  const [purpose, setPurpose] = useState('');
  const [days, setDays] = useState(90);
  const [columns, setColumns] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<AccessRequest | null>(null);
  const ids = { purpose: useId(), days: useId() };
  const classified = useMemo(
    () =>
      content.contracts
        .flatMap((c) => c.schema ?? [])
        .flatMap((t) => t.properties ?? [])
        .filter((p) => p.classification && !['public', 'internal'].includes(p.classification)),
    [content],
  );

  if (me.domain && address.startsWith(`${me.domain}.`))
    return <p>This product belongs to your domain, {me.domain}: you read it without a request.</p>;
  if (done)
    return (
      <p role="status" className="success">
        {done.status === 'approved'
          ? `Approved at once (${done.decisionNote ?? 'no note'}); your grant runs until ${day(done.expiresAt)}.`
          : `Request sent: the owners of ${address.split('.')[0]} decide. Follow it under Access.`}
      </p>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (purpose.trim().length < 10) {
      setError('Say why you need the data, in at least 10 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const outcome = await api<{ request: AccessRequest }>('/access/requests', {
        method: 'POST',
        body: {
          product: address,
          purpose: purpose.trim(),
          expiresInDays: days,
          ...(columns.length ? { columns } : {}),
        },
      });
      setDone(outcome.request);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="request-access" onSubmit={submit}>
      <label htmlFor={ids.purpose}>Purpose</label>
      <textarea
        id={ids.purpose}
        value={purpose}
        rows={3}
        required
        minLength={10}
        onChange={(e) => setPurpose(e.target.value)}
        placeholder="What you will do with the data, for the owners and the audit log"
      />
      <label htmlFor={ids.days}>Access for (days)</label>
      <input
        id={ids.days}
        type="number"
        min={1}
        max={365}
        value={days}
        onChange={(e) => setDays(Number(e.target.value))}
      />
      {classified.length > 0 && (
        <fieldset>
          <legend>Unmasked columns (optional)</legend>
          {classified.map((p) => (
            <label key={p.name} className="facet">
              <input
                type="checkbox"
                checked={columns.includes(p.name)}
                onChange={() =>
                  setColumns((cs) => (cs.includes(p.name) ? cs.filter((c) => c !== p.name) : [...cs, p.name]))
                }
              />
              <code>{p.name}</code> <ClassificationBadge level={p.classification} />
            </label>
          ))}
          <p className="hint">Without any, classified columns above your clearance stay masked.</p>
        </fieldset>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Request access'}
      </button>
      {error && <ErrorMessage message={error} />}
    </form>
  );
}
