import type { MeshGraph } from '@meshwork/api';
import { layoutGraph, NODE_H, NODE_W } from '../graph-layout.js';
import { navigate } from '../router.js';

const PALETTE = ['#ddf4ff', '#fff1e5', '#dafbe1', '#fbefff', '#fff8c5', '#ffebe9'];
const STROKE = ['#54aeff', '#fb8f44', '#4ac26b', '#c297ff', '#d4a72c', '#ff8182'];

/** An SVG of products (coloured by domain, each a link to its page) and their input-port edges. */
export function DependencyGraph({ graph, focus, label }: { graph: MeshGraph; focus?: string; label: string }) {
  const { nodes, width, height } = layoutGraph(graph);
  const at = new Map(nodes.map((n) => [n.address, n]));
  const domains = [...new Set(graph.nodes.map((n) => n.domain))].sort();
  const colour = (domain: string) => domains.indexOf(domain) % PALETTE.length;
  const markerId = `arrow-${focus ?? 'mesh'}`.replace(/\W/g, '-');
  const titleId = `${markerId}-title`;
  return (
    <figure className="graph">
      <div className="graph-scroll">
        <svg
          aria-labelledby={titleId}
          viewBox={`0 0 ${width} ${height}`}
          style={{ maxWidth: width, minWidth: Math.min(width, 560) }}
          className="graph-svg"
        >
          <title id={titleId}>{label}</title>
          <defs>
            <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill="#57606a" />
            </marker>
          </defs>
          {graph.edges.map((e) => {
            const a = at.get(e.from);
            const b = at.get(e.to);
            if (!a || !b) return null;
            const x1 = a.x + NODE_W;
            const y1 = a.y + NODE_H / 2;
            const x2 = b.x;
            const y2 = b.y + NODE_H / 2;
            const mid = (x1 + x2) / 2;
            return (
              <path
                key={`${e.from}>${e.to}:${e.port}`}
                d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`}
                className="graph-edge"
                markerEnd={`url(#${markerId})`}
              >
                <title>{`${e.to} reads ${e.from} (input port ${e.port})`}</title>
              </path>
            );
          })}
          {nodes.map((n) => (
            <a
              key={n.address}
              href={`/products/${n.address}`}
              aria-label={`${n.name} (${n.address})${n.address === focus ? ', this product' : ''}`}
              onClick={(event) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                navigate(`/products/${n.address}`);
              }}
              className="graph-node"
            >
              <rect
                x={n.x}
                y={n.y}
                width={NODE_W}
                height={NODE_H}
                rx={6}
                fill={PALETTE[colour(n.domain)]}
                stroke={n.address === focus ? '#1b1f24' : STROKE[colour(n.domain)]}
                strokeWidth={n.address === focus ? 3 : 1.5}
              />
              <text x={n.x + 8} y={n.y + 15} className="graph-domain">
                {n.domain}
              </text>
              <text x={n.x + 8} y={n.y + 30} className="graph-name">
                {n.address.split('.')[1]}
              </text>
            </a>
          ))}
        </svg>
      </div>
      <figcaption>
        <ul className="legend" aria-label="Domains">
          {domains.map((d) => (
            <li key={d}>
              <span
                className="swatch"
                style={{ background: PALETTE[colour(d)], borderColor: STROKE[colour(d)] }}
                aria-hidden="true"
              />
              {d}
            </li>
          ))}
        </ul>
        <details>
          <summary>Dependencies as text</summary>
          {graph.edges.length === 0 ? (
            <p>No product reads another through an input port.</p>
          ) : (
            <ul>
              {graph.edges.map((e) => (
                <li key={`${e.from}>${e.to}:${e.port}`}>
                  <code>{e.to}</code> reads <code>{e.from}</code> (input port {e.port})
                </li>
              ))}
            </ul>
          )}
        </details>
      </figcaption>
    </figure>
  );
}
