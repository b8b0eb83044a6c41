import type { SearchResult } from '@meshwork/api';
import { useEffect, useId, useState } from 'react';
import { Empty, ErrorMessage, Link, Spinner } from '../components/ui.js';
import { navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';

const FACETS = ['domain', 'status', 'classification', 'tag'] as const;
type Facet = (typeof FACETS)[number];

/** Search as you type, with facets; the query and filters live in the URL. */
export function SearchPage() {
  const { search } = useLocation();
  const [text, setText] = useState(search.get('q') ?? '');
  const [debounced, setDebounced] = useState(text);
  const filters = Object.fromEntries(FACETS.map((f) => [f, search.get(f) ?? ''])) as Record<Facet, string>;

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 150);
    return () => clearTimeout(timer);
  }, [text]);

  const params = new URLSearchParams({ q: debounced.trim() });
  for (const f of FACETS) if (filters[f]) params.set(f, filters[f]);
  const [result] = useApi<SearchResult>(debounced.trim() ? `/search?${params}` : null);

  const setFilter = (facet: Facet, value: string) => {
    const next = new URLSearchParams(search);
    next.set('q', text);
    if (value && filters[facet] !== value) next.set(facet, value);
    else next.delete(facet);
    navigate(`/search?${next}`);
  };
  const inputId = useId();

  return (
    <section className="search">
      <h1>Search</h1>
      <search>
        <label htmlFor={inputId}>Search data products</label>
        <input
          id={inputId}
          type="search"
          value={text}
          placeholder="customers, invoices, shipments…"
          onChange={(e) => {
            setText(e.target.value);
            history.replaceState(
              null,
              '',
              `/search?${new URLSearchParams({ ...filtersOf(search), q: e.target.value })}`,
            );
          }}
        />
      </search>
      {!debounced.trim() ? (
        <Empty>Type a word: names, descriptions, tags and column names are searched, prefixes too.</Empty>
      ) : result.state === 'loading' ? (
        <Spinner label="Searching…" />
      ) : result.state === 'error' ? (
        <ErrorMessage message={result.message} />
      ) : (
        <div className="search-layout">
          <aside aria-label="Filters">
            {FACETS.map((f) => {
              const values = Object.entries(result.data.facets[f]).sort((a, b) => b[1] - a[1]);
              if (values.length === 0) return null;
              return (
                <fieldset key={f}>
                  <legend>{f}</legend>
                  {values.map(([value, n]) => (
                    <label key={value} className="facet">
                      <input type="checkbox" checked={filters[f] === value} onChange={() => setFilter(f, value)} />
                      {value} <span className="count">{n}</span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </aside>
          <div>
            <p role="status">
              {result.data.total} product{result.data.total === 1 ? '' : 's'} match “{debounced.trim()}”
            </p>
            {result.data.items.length === 0 && <Empty>Nothing matches. Try a shorter word or clear a filter.</Empty>}
            <ul className="results">
              {result.data.items.map((item) => (
                <li key={item.address}>
                  <Link to={`/products/${item.address}`}>{item.name}</Link> <code>{item.address}</code>{' '}
                  <span className="badge">{item.status}</span>
                  <p>{item.description}</p>
                  {item.tags.length > 0 && (
                    <p className="tags">
                      {item.tags.map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}

function filtersOf(search: URLSearchParams): Record<string, string> {
  return Object.fromEntries(FACETS.flatMap((f) => (search.get(f) ? [[f, search.get(f) ?? '']] : [])));
}
