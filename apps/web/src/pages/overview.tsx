import type { Domain, MeshGraph, MeshScore, Product, SlaStatus as Sla, SlaState } from '@meshwork/api';
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api.js';
import { DependencyGraph } from '../components/dependency-graph.js';
import { Empty, ErrorMessage, Link, PATTERN, Show, SlaBadge, Spinner } from '../components/ui.js';
import { useApi } from '../use-api.js';

interface Overview {
  readonly domains: readonly Domain[];
  readonly products: readonly Product[];
  readonly sla: ReadonlyMap<string, SlaState>;
  readonly score: MeshScore;
}

async function loadOverview(): Promise<Overview> {
  const products: Product[] = [];
  const [domains, score] = await Promise.all([
    api<{ items: Domain[] }>('/domains'),
    api<MeshScore>('/score'),
    (async () => {
      let cursor: string | null = null;
      do {
        const page: { items: Product[]; next: string | null } = await api(
          `/products?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        products.push(...page.items);
        cursor = page.next;
      } while (cursor);
    })(),
  ]);
  const sla = new Map<string, SlaState>(
    await Promise.all(
      products.map(async (p) => [p.address, (await api<Sla>(`/products/${p.address}/sla`)).status] as const),
    ),
  );
  return { domains: domains.items, products, sla, score };
}

/** The mesh at a glance: domains, who owns them, their products' health and DATSIS scores. */
export function OverviewPage() {
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The map loads beside the cards, never holding them back.
  const [graph] = useApi<MeshGraph>('/graph');
  useEffect(() => {
    loadOverview().then(setData, (e: unknown) => setError(messageOf(e)));
  }, []);

  if (error) return <ErrorMessage message={error} />;
  if (!data) return <Spinner label="Loading the mesh…" />;
  const scoreOf = new Map(data.score.products.map((s) => [s.address, s.score]));
  return (
    <section className="overview" data-ready="true">
      <h1>Mesh overview</h1>
      <p className="lede">
        {data.domains.length} domains · {data.products.length} products · DATSIS average{' '}
        <strong>{data.score.average.score}</strong>/100
      </p>
      {data.domains.length === 0 && <Empty>No domain has published a product yet.</Empty>}
      <div className="cards">
        {data.domains.map((d) => {
          const products = data.products.filter((p) => p.domain === d.name);
          const states = products.map((p) => data.sla.get(p.address) ?? 'unknown');
          const scores = products.map((p) => scoreOf.get(p.address)).filter((s): s is number => s !== undefined);
          const average = scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
          const spec = d.spec;
          return (
            <article key={d.name} className="card" aria-labelledby={`domain-${d.name}`}>
              <h2 id={`domain-${d.name}`}>
                <Link to={`/domains/${d.name}`}>{d.name}</Link>
              </h2>
              {spec?.description && <p>{spec.description}</p>}
              <dl>
                <dt>Isolation</dt>
                <dd>{PATTERN[spec?.isolation ?? ''] ?? spec?.isolation ?? 'unknown'}</dd>
                <dt>Team</dt>
                <dd>{spec?.team?.name ?? '—'}</dd>
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
                <dt>Products</dt>
                <dd>{d.products}</dd>
                <dt>SLA health</dt>
                <dd>
                  {(['met', 'at_risk', 'breached', 'unknown'] as const)
                    .map((s) => [s, states.filter((x) => x === s).length] as const)
                    .filter(([, n]) => n > 0)
                    .map(([s, n]) => `${n} ${s.replace('_', ' ')}`)
                    .join(' · ') || '—'}
                </dd>
                <dt>DATSIS average</dt>
                <dd>{average === null ? '—' : `${average}/100`}</dd>
              </dl>
              <ul className="product-list">
                {products.map((p) => (
                  <li key={p.address}>
                    <Link to={`/products/${p.address}`}>{p.name}</Link> <code>{p.address}</code>{' '}
                    <SlaBadge status={data.sla.get(p.address) ?? 'unknown'} />
                    {scoreOf.has(p.address) && <span className="score">{scoreOf.get(p.address)}/100</span>}
                  </li>
                ))}
              </ul>
            </article>
          );
        })}
      </div>
      <section aria-labelledby="map-h">
        <h2 id="map-h">Dependency map</h2>
        <p className="hint">
          Each product in the column of its dependency depth; an arrow from the product read to the product reading it
          through an input port. Select a product to open it.
        </p>
        <Show load={graph} label="Loading the dependency map…">
          {(g) =>
            g.nodes.length === 0 ? (
              <Empty>No product is published yet.</Empty>
            ) : (
              <DependencyGraph
                graph={g}
                label={`Dependency map: ${g.nodes.length} products, ${g.edges.length} dependencies`}
              />
            )
          }
        </Show>
      </section>
    </section>
  );
}
