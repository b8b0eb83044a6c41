import { isNamedError } from '@meshwork/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { checkRuns, slaStatus } from '../services/checks.js';
import { inputsOf, productLineage } from '../services/dependencies.js';
import { columnMasking } from '../services/grants.js';
import { type ProductContent, productContent } from '../services/products.js';
import { productScore } from '../services/scores.js';
import { searchCatalog } from '../services/search.js';
import type { Caller } from './caller.js';
import { governedTool, type McpDeps } from './governed-tool.js';
import { type ContractContext, contextsOf, tablesOf } from './product-view.js';
import { lineageInput, productInput, searchInput } from './tool-inputs.js';

/** README text shown inline at most; the full text is the product's readme resource. */
const README_CHARS = 8000;

/**
 * `search_products`, `get_product`, `get_lineage`: what is in the mesh, read through the same services as
 * `GET /search`, `/products/{address}/content`, `/score`, `/checks`, `/sla` and `/graph`, as the caller.
 */
export function registerCatalogTools(server: McpServer, deps: McpDeps): void {
  governedTool(
    server,
    deps,
    'search_products',
    {
      title: 'Search data products',
      description:
        'Full-text search over the data products of the mesh (names, tags, purposes, columns, docs), best first, with facet counts. Narrow by domain, tag, classification or status.',
      inputSchema: searchInput,
      readOnly: true,
    },
    () => '(search)',
    async (args, caller) => {
      const result = await searchCatalog(deps, caller.user, {
        q: args.query,
        limit: args.limit ?? 10,
        domain: args.domain,
        tag: args.tag,
        classification: args.classification,
        status: args.status,
      });
      const facets = Object.entries(result.facets)
        .map(
          ([name, counts]) =>
            `${name}: ${
              Object.entries(counts)
                .map(([v, n]) => `${v} ${n}`)
                .join(', ') || '—'
            }`,
        )
        .join('; ');
      const lines = [
        `${result.total} product${result.total === 1 ? '' : 's'} match "${args.query}"${result.items.length < result.total ? ` (showing ${result.items.length})` : ''}.`,
        ...result.items.map(
          (h) =>
            `- ${h.address} — ${h.name} [${h.status}]${h.tags.length ? ` tags: ${h.tags.join(', ')}` : ''}: ${h.description}`,
        ),
        `Facets (all matches): ${facets}`,
        result.items.length > 0
          ? 'Next: get_product with an address for its schema, SLA, score and usage guidance.'
          : '',
      ];
      return { text: lines.filter(Boolean).join('\n'), structured: { ...result } };
    },
  );

  governedTool(
    server,
    deps,
    'get_product',
    {
      title: 'Read a data product',
      description:
        'A product’s descriptor, README, contract schema with column classifications (and which are masked for you), SLA status, last check run, DATSIS score, and the contract’s AI context (instructions, verified statements, constraints).',
      inputSchema: productInput,
      readOnly: true,
    },
    (args) => args.address,
    async (args, caller) =>
      describeProduct(deps, caller, await productContent(deps, caller.user, { address: args.address })),
  );

  governedTool(
    server,
    deps,
    'get_lineage',
    {
      title: 'Lineage of a data product',
      description:
        'Upstream products a product reads through its input ports (and its external sources), and downstream products that read it, from the latest published descriptors.',
      inputSchema: lineageInput,
      readOnly: true,
    },
    (args) => args.address,
    async (args, caller) => {
      const lineage = await productLineage(deps, caller.user, { address: args.address, depth: args.depth ?? 1 });
      const { depth, upstream, downstream, sources } = lineage;
      const show = (items: { address: string; depth: number }[]) =>
        items.length ? items.map((i) => `${'  '.repeat(i.depth - 1)}- ${i.address}`).join('\n') : '- (none)';
      return {
        text: [
          `Lineage of ${args.address} (${depth} hop${depth === 1 ? '' : 's'}):`,
          `Reads (upstream):\n${show(upstream)}`,
          `External sources:\n${sources.length ? sources.map((s) => `- ${s}`).join('\n') : '- (none)'}`,
          `Read by (downstream):\n${show(downstream)}`,
        ].join('\n'),
        structured: { ...lineage },
      };
    },
  );
}

/** The get_product answer: everything an agent needs to use the product correctly, as text and as JSON. */
async function describeProduct(deps: McpDeps, caller: Caller, content: ProductContent) {
  const { row, descriptor, contracts } = content;
  const address = row.address;
  const description = (descriptor.description ?? {}) as Record<string, unknown>;
  const tags = Array.isArray(descriptor.tags) ? descriptor.tags.map(String) : [];
  const inputs = inputsOf(descriptor);
  const products = inputs.products.map((p) => p.address);
  const [run] = await checkRuns(deps, caller.user, { address, limit: 1 });
  const sla = await slaStatus(deps, caller.user, { address });
  // The score route's own service; a product without a score still has everything else to show.
  const score = await productScore(deps, caller.user, { address }).catch((error: unknown) => {
    if (isNamedError(error, 'NotFoundError')) return null;
    throw error;
  });
  const masked = await columnMasking(deps, caller.user, { product: address });
  const tables = tablesOf(contracts).map((t) => ({
    ...t,
    columns: t.columns.map((c) => ({ ...c, maskedForYou: masked(c) })),
  }));
  const contexts = contextsOf(contracts);
  const readme = content.docs;

  const lines = [
    `# ${row.name} (${address}) — ${row.status}, version ${content.version}`,
    `Domain: ${row.domain}${typeof descriptor.owner === 'string' ? ` · Owner: ${descriptor.owner}` : ''}${tags.length ? ` · Tags: ${tags.join(', ')}` : ''}`,
    ...['purpose', 'limitations', 'usage'].flatMap((k) =>
      typeof description[k] === 'string' ? [`${k[0]?.toUpperCase()}${k.slice(1)}: ${description[k]}`] : [],
    ),
    `Reads: ${products.join(', ') || '(no products)'}${inputs.sources.length ? ` · Sources: ${inputs.sources.join(', ')}` : ''}`,
    `SLA: ${sla ? `${sla.status} (checked ${sla.checkedAt})` : 'unknown (no check has run yet)'}`,
    `Last check run: ${run ? `${run.passed} passed, ${run.failed} failed, ${run.errors} errors (${run.trigger}, ${run.finishedAt})` : 'none yet'}`,
    score
      ? `DATSIS score: ${score.score}/100 (${Object.entries(score.dimensions)
          .map(([d, v]) => `${d} ${v}`)
          .join(', ')})${score.missing.length ? `; to improve: ${score.missing.map((m) => m.fix).join(' ')}` : ''}`
      : 'DATSIS score: not available',
    '',
    '## Schema',
    ...tables.flatMap((t) => [
      `### ${address}${tables.length > 1 ? ` (table ${t.name})` : ''}${t.description ? ` — ${t.description}` : ''}`,
      ...t.columns.map(
        (c) =>
          `- ${c.name}: ${c.logicalType ?? '?'}${c.physicalType ? ` (${c.physicalType})` : ''}${c.required ? ', required' : ''}${c.classification ? `, classification ${c.classification}` : ''}${c.maskedForYou ? ' — MASKED for you' : ''}${c.description ? ` — ${c.description}` : ''}`,
      ),
    ]),
    tables.some((t) => t.columns.some((c) => c.maskedForYou))
      ? `Masked columns are above your clearance (${caller.user.clearance}); to see them, request_access with columns.`
      : '',
    ...contextLines(contexts),
    readme
      ? `\n## README\n${readme.length > README_CHARS ? `${readme.slice(0, README_CHARS)}\n… (cut; read meshwork://products/${address}/readme)` : readme}`
      : '',
    `\nQuery it with the query tool: SELECT … FROM ${address}`,
  ];
  return {
    text: lines.filter((l) => l !== '').join('\n'),
    structured: {
      product: { ...row, updatedAt: row.updatedAt.toISOString(), version: content.version, tags },
      descriptor,
      tables,
      context: contexts,
      sla,
      lastCheckRun: run ? { ...run, results: undefined } : null,
      score,
      readme,
    },
  };
}

/** The ODCS `context` blocks as text, under a heading. */
function contextLines(contexts: readonly ContractContext[]): string[] {
  if (contexts.length === 0) return [];
  const lines = ['', '## Usage guidance from the contract (ODCS context)'];
  for (const c of contexts) {
    const scope = c.scope === 'contract' ? '' : ` (table ${c.scope})`;
    if (c.instructions) lines.push(`Instructions${scope}: ${c.instructions}`);
    if (c.verifiedStatements.length) {
      lines.push(`Verified statements${scope}:`);
      for (const s of c.verifiedStatements) lines.push(`- Q: ${s.question}${s.answer ? `\n  A: ${s.answer}` : ''}`);
    }
    if (c.constraints.length) {
      lines.push(`Constraints${scope} (do NOT):`);
      for (const k of c.constraints) lines.push(`- ${k.constraint}`);
    }
  }
  return lines;
}
