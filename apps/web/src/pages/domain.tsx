import type { Advice, Domain, GovernanceView, MeshScore, PolicyInForce, Product, RuleInForce } from '@meshwork/api';
import { Empty, Link, PATTERN, Show } from '../components/ui.js';
import { useApi } from '../use-api.js';

/** A domain: its products, team and on-call, isolation pattern with the advisor's view, rules and policies. */
export function DomainPage({ name }: { name: string }) {
  const [domains] = useApi<{ items: Domain[] }>('/domains');
  const [products] = useApi<{ items: Product[] }>(`/products?limit=200&domain=${encodeURIComponent(name)}`);
  const [score] = useApi<MeshScore>('/score');
  const [advice] = useApi<Advice>('/advice');
  const [governance] = useApi<GovernanceView>('/governance');

  return (
    <article className="domain-page">
      <p className="crumbs">
        <Link to="/">Overview</Link> › domain
      </p>
      <h1>{name}</h1>
      <Show load={domains} label="Loading the domain…">
        {(ds) => {
          const domain = ds.items.find((d) => d.name === name);
          if (!domain)
            return (
              <Empty>
                No domain named {name} has published a product. Go back to the <Link to="/">overview</Link>.
              </Empty>
            );
          const spec = domain.spec;
          return (
            <>
              {spec?.description && <p className="lede">{spec.description}</p>}
              <div className="two-col">
                <section aria-labelledby="team-h">
                  <h2 id="team-h">Team and on-call</h2>
                  <dl>
                    <dt>Team</dt>
                    <dd>{spec?.team?.name ?? '—'}</dd>
                    {spec?.capability && (
                      <>
                        <dt>Capability</dt>
                        <dd>{spec.capability}</dd>
                      </>
                    )}
                    <dt>On call</dt>
                    <dd>
                      {spec?.onCall?.name ?? '—'}
                      {spec?.onCall?.email && (
                        <>
                          {' '}
                          · <a href={`mailto:${spec.onCall.email}`}>{spec.onCall.email}</a>
                        </>
                      )}
                      {spec?.onCall?.channel && ` · ${spec.onCall.channel}`}
                    </dd>
                  </dl>
                  {(spec?.team?.members?.length ?? 0) > 0 && (
                    <div className="table-wrap">
                      <table>
                        <caption>Members</caption>
                        <thead>
                          <tr>
                            <th scope="col">Name</th>
                            <th scope="col">Role</th>
                            <th scope="col">E-mail</th>
                          </tr>
                        </thead>
                        <tbody>
                          {spec?.team?.members?.map((m) => (
                            <tr key={m.email}>
                              <td>{m.name}</td>
                              <td>{m.role}</td>
                              <td>
                                <a href={`mailto:${m.email}`}>{m.email}</a>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </section>
                <section aria-labelledby="isolation-h">
                  <h2 id="isolation-h">Isolation pattern</h2>
                  <p>
                    Current: <strong>{PATTERN[spec?.isolation ?? ''] ?? spec?.isolation ?? 'unknown'}</strong>
                  </p>
                  <Show load={advice} label="Asking the advisor…">
                    {(a) => <Recommendation advice={a} domain={name} />}
                  </Show>
                </section>
              </div>
            </>
          );
        }}
      </Show>
      <section aria-labelledby="products-h">
        <h2 id="products-h">Products</h2>
        <Show load={products} label="Loading the products…">
          {(ps) =>
            ps.items.length === 0 ? (
              <Empty>The domain has no product in the catalog.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col">Status</th>
                      <th scope="col">Version</th>
                      <th scope="col">DATSIS</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ps.items.map((p) => {
                      const s =
                        score.state === 'ready' ? score.data.products.find((x) => x.address === p.address) : undefined;
                      return (
                        <tr key={p.address}>
                          <th scope="row">
                            <Link to={`/products/${p.address}`}>{p.name}</Link> <code>{p.address}</code>
                          </th>
                          <td>{p.status}</td>
                          <td>{p.latestVersion ?? 'unpublished'}</td>
                          <td>{s ? `${s.score}/100` : '—'}</td>
                          <td>{p.description}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </Show>
      </section>
      <Show load={governance} label="Loading the rules and policies…">
        {(g) => <RulesAndPolicies governance={g} domain={name} />}
      </Show>
    </article>
  );
}

function Recommendation({ advice, domain }: { advice: Advice; domain: string }) {
  const mine = advice.domains.find((d) => d.domain === domain);
  if (!mine) return <Empty>The advisor has no view on {domain}: the served mesh does not declare it.</Empty>;
  const same = mine.current === mine.recommended;
  return (
    <div className="advice">
      <p>
        The advisor recommends <strong>{PATTERN[mine.recommended]}</strong>{' '}
        {same ? '— what the domain uses.' : `— the domain uses ${PATTERN[mine.current ?? ''] ?? 'none declared'}.`}{' '}
        <span className="muted">
          ({mine.engineers} engineer{mine.engineers === 1 ? '' : 's'}
          {mine.compliance.length > 0 ? `; compliance: ${mine.compliance.join(', ')}` : ''})
        </span>
      </p>
      <h3>Reasons</h3>
      <ul className="reasons">
        {mine.reasons.map((r) => (
          <li key={`${r.rule}:${r.detail}`}>
            {r.detail} <span className="muted">({r.rule})</span>
            <br />
            <q className="muted">{r.citation}</q>
          </li>
        ))}
      </ul>
      {mine.upgradePath.length > 0 && (
        <>
          <h3>Upgrade path</h3>
          <ul className="reasons">
            {mine.upgradePath.map((u) => (
              <li key={`${u.from}>${u.to}`}>
                {PATTERN[u.from]} → {PATTERN[u.to]} {u.now ? '(now)' : `(when ${u.when})`}: <code>{u.command}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {mine.warnings.length > 0 && (
        <ul className="reasons">
          {mine.warnings.map((w) => (
            <li key={`${w.rule}:${w.message}`} className="finding warning">
              {w.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RulesAndPolicies({ governance, domain }: { governance: GovernanceView; domain: string }) {
  const rules = governance.domains.find((d) => d.domain === domain)?.rules ?? governance.global;
  const own = rules.filter((r) => r.owner === domain);
  const tightened = rules.filter((r) => r.tightened);
  const global = rules.filter((r) => r.owner === 'global' && !r.tightened);
  const policies = governance.policies.filter((p) => p.owner === domain);
  const guardrails = governance.policies.filter((p) => p.owner === 'global');
  return (
    <>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Rule pack</h2>
        <p className="hint">
          {rules.length} rules in force: {own.length} of the domain's own, {tightened.length} global rule
          {tightened.length === 1 ? '' : 's'} it tightened, and {global.length} global rules as written.
        </p>
        <RuleTable caption="The domain's own rules" rules={own} empty="The domain adds no rule of its own." />
        <RuleTable
          caption="Global rules the domain tightened"
          rules={tightened}
          empty="The domain raises the severity of no global rule."
        />
        <details>
          <summary>The {global.length} other global rules</summary>
          <RuleTable caption="Global rules" rules={global} empty="No other global rule." />
        </details>
      </section>
      <section aria-labelledby="policies-h">
        <h2 id="policies-h">Access policies</h2>
        <PolicyList policies={policies} empty="The domain has no Cedar policy of its own; the guardrails apply." />
        <details>
          <summary>The {guardrails.length} global guardrails</summary>
          <PolicyList policies={guardrails} empty="No global policy." />
        </details>
      </section>
    </>
  );
}

function RuleTable({ caption, rules, empty }: { caption: string; rules: readonly RuleInForce[]; empty: string }) {
  if (rules.length === 0)
    return (
      <p className="empty">
        <strong>{caption}:</strong> {empty}
      </p>
    );
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Target</th>
            <th scope="col">Severity</th>
            <th scope="col">Description</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <code>{r.id}</code>
              </th>
              <td>{r.target}</td>
              <td className={r.severity === 'error' ? 'bad' : ''}>
                {r.severity}
                {r.tightened && ' (tightened)'}
              </td>
              <td>{r.description}</td>
              <td>
                <code>
                  {r.file}:{r.line}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PolicyList({ policies, empty }: { policies: readonly PolicyInForce[]; empty: string }) {
  if (policies.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="rules-list">
      {policies.map((p) => (
        <li key={p.id}>
          <span className={`badge ${p.effect === 'forbid' ? 'status-rejected' : 'status-approved'}`}>{p.effect}</span>{' '}
          <code>{p.id}</code> — {p.description ?? 'no description'}{' '}
          <span className="muted">
            ({p.file}:{p.line})
          </span>
        </li>
      ))}
    </ul>
  );
}
