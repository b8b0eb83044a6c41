import type { Product, ProductContent, QueryAnswer } from '@meshwork/api';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api, messageOf } from '../api.js';
import { SqlEditor, type SqlEditorHandle, type SqlSchema } from '../components/sql-editor.js';
import { Empty, ErrorMessage, Spinner } from '../components/ui.js';
import { lineColumnOf, toCsv } from '../csv.js';

const EXAMPLE = 'SELECT * FROM marketing.customers LIMIT 10';
/** The row limits offered; the gateway answers at most this many rows. */
const LIMITS = [100, 1000, 5000, 10_000] as const;
const DEFAULT_LIMIT = 1000;
/** Height of a grid row in pixels (cells keep to one line). */
const ROW_HEIGHT = 30;
const HISTORY_KEY = 'meshwork.history';
/** Queries the history keeps, newest first. */
const HISTORY_SIZE = 20;

interface HistoryEntry {
  readonly sql: string;
  readonly at: string;
  readonly ok: boolean;
}

function readHistory(): HistoryEntry[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((e): e is HistoryEntry => typeof e?.sql === 'string' && typeof e?.at === 'string')
      : [];
  } catch {
    return [];
  }
}

/** The history with `sql` first (once), at most HISTORY_SIZE entries, saved in localStorage. */
function remember(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const next = [entry, ...history.filter((e) => e.sql !== entry.sql)].slice(0, HISTORY_SIZE);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch {
    // A full or disabled storage keeps the history for this page only.
  }
  return next;
}

async function loadSchema(): Promise<SqlSchema> {
  const schema: SqlSchema = {};
  const page = await api<{ items: Product[] }>('/products?limit=200');
  await Promise.all(
    page.items.map(async (p) => {
      const [domain, name] = p.address.split('.') as [string, string];
      let columns: string[] = [];
      try {
        const content = await api<ProductContent>(`/products/${p.address}/content`);
        columns = content.contracts
          .flatMap((c) => c.schema ?? [])
          .flatMap((t) => (t.properties ?? []).map((c) => c.name));
      } catch {
        // A product without a published version still completes by name.
      }
      schema[domain] = { ...schema[domain], [name]: [...new Set(columns)] };
    }),
  );
  return schema;
}

interface QueryError {
  readonly message: string;
  readonly position?: { offset: number; line: number; column: number };
}

/** The SQL explorer: governed queries across products, a result grid, a chart and a CSV download. */
export default function ExplorerPage() {
  const [schema, setSchema] = useState<SqlSchema | null>(null);
  const [schemaError, setSchemaError] = useState<string | null>(null);
  const [sql, setSql] = useState(() => sessionStorage.getItem('meshwork.sql') ?? EXAMPLE);
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<QueryAnswer | null>(null);
  const [error, setError] = useState<QueryError | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>(readHistory);
  const [limit, setLimit] = useState(DEFAULT_LIMIT);
  const limitRef = useRef(limit);
  limitRef.current = limit;
  const historyId = useId();
  const limitId = useId();
  const editor = useRef<SqlEditorHandle>(null);
  const sqlRef = useRef(sql);
  sqlRef.current = sql;

  useEffect(() => {
    loadSchema().then(setSchema, (e: unknown) => setSchemaError(messageOf(e)));
  }, []);

  const run = useCallback(async () => {
    const text = sqlRef.current;
    if (!text.trim()) return;
    sessionStorage.setItem('meshwork.sql', text);
    setRunning(true);
    setError(null);
    editor.current?.markError(null);
    try {
      setAnswer(await api<QueryAnswer>('/query', { method: 'POST', body: { sql: text, limit: limitRef.current } }));
      setHistory((h) => remember(h, { sql: text, at: new Date().toISOString(), ok: true }));
    } catch (e) {
      setHistory((h) => remember(h, { sql: text, at: new Date().toISOString(), ok: false }));
      setAnswer(null);
      const offset = e instanceof ApiError && typeof e.details.position === 'number' ? e.details.position : undefined;
      setError({
        message: messageOf(e),
        ...(offset !== undefined ? { position: { offset, ...lineColumnOf(text, offset) } } : {}),
      });
      if (offset !== undefined) editor.current?.markError(offset, messageOf(e));
    } finally {
      setRunning(false);
    }
  }, []);

  return (
    <section className="explorer">
      <h1>SQL explorer</h1>
      <p className="hint">
        One SELECT over products by address (<code>domain.product</code>), across domains. Columns above your clearance
        come back masked. Run with <kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac).
      </p>
      {schemaError && <ErrorMessage message={schemaError} />}
      {schema ? (
        <SqlEditor
          ref={editor}
          value={sql}
          schema={schema}
          onChange={(v) => {
            setSql(v);
            sqlRef.current = v;
          }}
          onRun={() => void run()}
        />
      ) : (
        !schemaError && <Spinner label="Loading the editor and the products' columns…" />
      )}
      <div className="actions">
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Running…' : 'Run query'}
        </button>
        <label htmlFor={limitId}>Rows at most</label>
        <select id={limitId} value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en')}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <div className="error" role="alert">
          <p>{error.message}</p>
          {error.position && (
            <>
              <p>
                At line {error.position.line}, column {error.position.column}:{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => editor.current?.focusAt(error.position?.offset ?? 0)}
                >
                  show in the editor
                </button>
              </p>
              <pre className="excerpt">
                {sql.split('\n')[error.position.line - 1]}
                {'\n'}
                {`${' '.repeat(error.position.column - 1)}^`}
              </pre>
            </>
          )}
        </div>
      )}
      <details className="history-box">
        <summary id={historyId}>Query history ({history.length})</summary>
        {history.length === 0 ? (
          <Empty>The queries you run appear here, the last {HISTORY_SIZE} kept in this browser.</Empty>
        ) : (
          <ul className="history" aria-labelledby={historyId}>
            {history.map((h) => (
              <li key={h.sql}>
                <button
                  type="button"
                  className="history-item"
                  title={h.sql}
                  onClick={() => {
                    setSql(h.sql);
                    sqlRef.current = h.sql;
                    editor.current?.setText(h.sql);
                  }}
                >
                  <span className="sr-only">Load query{h.ok ? '' : ' (failed)'}: </span>
                  {h.ok ? '' : '✗ '}
                  {h.sql}
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
      {running && <Spinner label="Running the query…" />}
      {answer && <Result answer={answer} />}
    </section>
  );
}

function Result({ answer }: { answer: QueryAnswer }) {
  const masked = answer.columns.filter((c) => c.masked).map((c) => c.name);
  const download = () => {
    const csv = toCsv(
      answer.columns.map((c) => c.name),
      answer.rows,
    );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'meshwork-query.csv';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <section aria-labelledby="result-h" className="result">
      <h2 id="result-h">Result</h2>
      <p role="status">
        {answer.stats.rows} row{answer.stats.rows === 1 ? '' : 's'} in {answer.stats.durationMs} ms from{' '}
        {answer.stats.products.join(', ') || 'no product'}
        {answer.truncated ? ' (truncated at the row limit)' : ''}
        {masked.length > 0 && `; masked: ${masked.join(', ')}`}.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={download}>
          Download CSV
        </button>
      </div>
      {answer.rows.length === 0 ? <Empty>The query returned no rows.</Empty> : <ResultGrid answer={answer} />}
      <ResultChart answer={answer} />
    </section>
  );
}

/**
 * Every returned row in a virtualised table (@tanstack/react-virtual): only the rows in view and a margin
 * are in the page, spacer rows keep the scroll height. The scroll container is focusable (arrows and
 * Page Up/Down scroll it) and named with the row count; aria-rowcount and aria-rowindex give the position.
 */
function ResultGrid({ answer }: { answer: QueryAnswer }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: answer.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const n = answer.rows.length;
  const columns = answer.columns.length;
  return (
    <section
      className="table-wrap grid"
      ref={scroller}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling region must be reachable by keyboard to scroll it
      tabIndex={0}
      aria-label={`Result grid, ${n} row${n === 1 ? '' : 's'}; scroll with the arrow keys`}
      data-rows={n}
    >
      <table aria-rowcount={n + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {answer.columns.map((c) => (
              <th key={c.name} scope="col" className={c.masked ? 'masked' : undefined}>
                {c.name} <span className="muted">{c.type}</span>
                {c.masked && <span className="badge masked-badge">masked</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr className="spacer">
              <td colSpan={columns} style={{ height: before }} />
            </tr>
          )}
          {items.map((item) => {
            const row = answer.rows[item.index] ?? [];
            return (
              <tr
                key={item.key}
                aria-rowindex={item.index + 2}
                data-row={item.index + 1}
                style={{ height: ROW_HEIGHT }}
              >
                {row.map((v, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <td key={j} className={answer.columns[j]?.masked ? 'masked' : undefined}>
                    {format(v)}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 && (
            <tr className="spacer">
              <td colSpan={columns} style={{ height: after }} />
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function format(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function ResultChart({ answer }: { answer: QueryAnswer }) {
  const numeric = answer.columns.filter((_, i) => answer.rows.some((r) => typeof r[i] === 'number'));
  const [label, setLabel] = useState(
    answer.columns.find((c) => !numeric.includes(c))?.name ?? answer.columns[0]?.name ?? '',
  );
  const [value, setValue] = useState(numeric[0]?.name ?? '');
  const [kind, setKind] = useState<'bar' | 'line'>('bar');
  const [drawn, setDrawn] = useState<{ label: string; value: string; kind: 'bar' | 'line' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const ids = { label: useId(), value: useId(), kind: useId() };

  useEffect(() => {
    if (!drawn || !canvas.current) return;
    const target = canvas.current;
    let remove: (() => void) | undefined;
    let live = true;
    const li = answer.columns.findIndex((c) => c.name === drawn.label);
    const vi = answer.columns.findIndex((c) => c.name === drawn.value);
    import('../chart.js').then(
      ({ drawChart }) => {
        if (!live) return;
        remove = drawChart(target, {
          kind: drawn.kind,
          labels: answer.rows.map((r) => format(r[li])),
          series: [{ name: drawn.value, values: answer.rows.map((r) => (typeof r[vi] === 'number' ? r[vi] : null)) }],
        });
        target.dataset.drawn = 'true';
      },
      (e: unknown) => setError(`The chart could not be drawn: ${messageOf(e)}`),
    );
    return () => {
      live = false;
      remove?.();
      delete target.dataset.drawn;
    };
  }, [drawn, answer]);

  if (answer.rows.length === 0) return null;
  if (numeric.length === 0) return <Empty>No numeric column to chart.</Empty>;
  return (
    <section aria-labelledby="chart-h" className="chart">
      <h2 id="chart-h">Chart</h2>
      <form
        className="chart-form"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          setDrawn({ label, value, kind });
        }}
      >
        <label htmlFor={ids.label}>Labels</label>
        <select id={ids.label} value={label} onChange={(e) => setLabel(e.target.value)}>
          {answer.columns.map((c) => (
            <option key={c.name}>{c.name}</option>
          ))}
        </select>
        <label htmlFor={ids.value}>Values</label>
        <select id={ids.value} value={value} onChange={(e) => setValue(e.target.value)}>
          {numeric.map((c) => (
            <option key={c.name}>{c.name}</option>
          ))}
        </select>
        <label htmlFor={ids.kind}>Kind</label>
        <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as 'bar' | 'line')}>
          <option value="bar">bar</option>
          <option value="line">line</option>
        </select>
        <button type="submit">Draw chart</button>
      </form>
      {error && <ErrorMessage message={error} />}
      {drawn && (
        <div className="chart-box">
          <canvas ref={canvas} role="img" aria-label={`${drawn.kind} chart of ${drawn.value} by ${drawn.label}`} />
        </div>
      )}
    </section>
  );
}
