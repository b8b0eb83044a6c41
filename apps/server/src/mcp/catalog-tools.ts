import type { ProductScore } from '@meshwork/api';
import { activeGrantsOf, checkRunHistory, searchProducts, slaStatusOf } from '@meshwork/catalog';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { principalOf } from '../access/principal.js';
import { ApiRefusal, type Caller, callApi } from './caller.js';
import { governedTool, type McpDeps } from './governed-tool.js';
import {
  allAddresses,
  type ContractContext,
  contextsOf,
  inputsOf,
  type ProductContent,
  productContent,
  tablesOf,
} from './product-view.js';
import { lineageInput, productInput, searchInput } from './tool-inputs.js';

/** README text shown inline at most; the full text is the product's readme resource. */
const README_CHARS = 8000;

/** `search_products`, `get_product`, `get_lineage`: what is in the mesh, read from the catalog. */
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
    async (args) => {
      const result = await searchProducts(deps.catalog.db, {
        q: args.query,
        limit: args.limit ?? 10,
        ...(args.domain ? { domain: args.domain } : {}),
        ...(args.tag ? { tag: args.tag } : {}),
        ...(args.classification ? { classification: args.classification } : {}),
        ...(args.status ? { status: args.status } : {}),
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
    async (args, caller) => describeProduct(deps, caller, await productContent(deps.catalog, args.address)),
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
    async (args) => {
      await productContent(deps.catalog, args.address);
      const reads = new Map<string, { products: string[]; sources: string[] }>();
      for (const a of await allAddresses(deps.catalog)) {
        const content = await productContent(deps.catalog, a).catch(() => undefined);
        if (content) reads.set(a, inputsOf(content.descriptor));
      }
      const depth = args.depth ?? 1;
      const walk = (next: (a: string) => string[]) => {
        const found: { address: string; depth: number }[] = [];
        const seen = new Set([args.address]);
        let frontier = [args.address];
        for (let d = 1; d <= depth && frontier.length > 0; d++) {
          frontier = frontier.flatMap(next).filter((a) => !seen.has(a) && seen.add(a));
          found.push(...frontier.map((address) => ({ address, depth: d })));
        }
        return found;
      };
      const upstream = walk((a) => reads.get(a)?.products ?? []);
      const downstream = walk((a) => [...reads].filter(([, r]) => r.products.includes(a)).map(([b]) => b));
      const sources = reads.get(args.address)?.sources ?? [];
      const show = (items: { address: string; depth: number }[]) =>
        items.length ? items.map((i) => `${'  '.repeat(i.depth - 1)}- ${i.address}`).join('\n') : '- (none)';
      return {
        text: [
          `Lineage of ${args.address} (${depth} hop${depth === 1 ? '' : 's'}):`,
          `Reads (upstream):\n${show(upstream)}`,
          `External sources:\n${sources.length ? sources.map((s) => `- ${s}`).join('\n') : '- (none)'}`,
          `Read by (downstream):\n${show(downstream)}`,
        ].join('\n'),
        structured: { address: args.address, depth, upstream, downstream, sources },
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
  const [run] = await checkRunHistory(deps.catalog.db, address, 1);
  const sla = (await slaStatusOf(deps.catalog.db, address)) ?? null;
  // The score route's own computation, called as the caller.
  const score = await callApi<ProductScore>(deps.app, caller, 'GET', `/products/${address}/score`).catch(
    (error: unknown) => {
      if (error instanceof ApiRefusal && error.status < 500) return null;
      throw error;
    },
  );
  const maskedFor = await maskedColumns(deps, caller, address);
  const tables = tablesOf(contracts).map((t) => ({
    ...t,
    columns: t.columns.map((c) => ({ ...c, maskedForYou: maskedFor(c.classification, c.name) })),
  }));
  const contexts = contextsOf(contracts);
  const readme = content.docs;

  const lines = [
    `# ${row.name} (${address}) — ${row.status}, version ${content.version}`,
    `Domain: ${row.domain}${typeof descriptor.owner === 'string' ? ` · Owner: ${descriptor.owner}` : ''}${tags.length ? ` · Tags: ${tags.join(', ')}` : ''}`,
    ...['purpose', 'limitations', 'usage'].flatMap((k) =>
      typeof description[k] === 'string' ? [`${k[0]?.toUpperCase()}${k.slice(1)}: ${description[k]}`] : [],
    ),
    `Reads: ${inputs.products.join(', ') || '(no products)'}${inputs.sources.length ? ` · Sources: ${inputs.sources.join(', ')}` : ''}`,
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

/**
 * Whether the gateway would mask a column for the caller: the access model's masking with their active
 * grants (without governance nothing is known).
 */
async function maskedColumns(
  deps: McpDeps,
  caller: Caller,
  address: string,
): Promise<(level: string | null, column: string) => boolean> {
  const access = deps.governance?.access;
  if (!access) return () => false;
  const principal = principalOf(caller.user);
  const granted = (await activeGrantsOf(deps.catalog.db, caller.user.email))
    .filter((g) => g.product === address)
    .flatMap((g) => g.columns);
  return (classification, name) => access.maskFor(principal, { name, classification }, granted) !== 'none';
}
