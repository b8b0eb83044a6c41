import type { Me } from '@meshwork/api';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, getToken, messageOf, onSignedOut, setToken } from './api.js';
import { Link, Spinner } from './components/ui.js';
import { AccessPage } from './pages/access.js';
import { CostsPage } from './pages/costs.js';
import { DomainPage } from './pages/domain.js';
import { GovernancePage } from './pages/governance.js';
import { OverviewPage } from './pages/overview.js';
import { ProductPage } from './pages/product.js';
import { SearchPage } from './pages/search.js';
import { SignInPage } from './pages/sign-in.js';
import { useLocation } from './router.js';

// The SQL explorer brings CodeMirror and chart.js: loaded when it is opened, not with the overview.
const ExplorerPage = lazy(() => import('./pages/explorer.js'));

const NAV: readonly { to: string; label: string; shown?: (me: Me) => boolean }[] = [
  { to: '/', label: 'Overview' },
  { to: '/search', label: 'Search' },
  { to: '/explore', label: 'SQL explorer' },
  { to: '/access', label: 'Access' },
  { to: '/governance', label: 'Governance' },
  { to: '/costs', label: 'Costs', shown: (me) => me.can.viewChargeback },
];

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(getToken() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(
    () =>
      onSignedOut((message) => {
        setMe(null);
        setNotice(`You were signed out: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
      }),
    [],
  );
  useEffect(() => {
    if (!getToken()) return;
    api<Me>('/me').then(
      (user) => {
        setMe(user);
        setChecking(false);
      },
      (error: unknown) => {
        setChecking(false);
        setNotice(messageOf(error));
      },
    );
  }, []);

  const signIn = useCallback(async (token: string) => {
    const user = await api<Me>('/me', { token });
    setToken(token);
    setNotice(null);
    setMe(user);
  }, []);
  const signOut = useCallback(() => {
    setToken(null);
    setMe(null);
    setNotice(null);
  }, []);

  if (checking) return <Spinner label="Signing in…" />;
  if (!me) return <SignInPage notice={notice} onSignIn={signIn} />;
  return <Shell me={me} onSignOut={signOut} />;
}

function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const { path } = useLocation();
  const current = (to: string) => (to === '/' ? path === '/' : path.startsWith(to));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Meshwork
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => !n.shown || n.shown(me)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} {...(current(n.to) ? { className: 'current' } : {})}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span title={me.email}>
            {me.name} · {me.role}
            {me.domain ? ` of ${me.domain}` : ''}
          </span>
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} me={me} />
      </main>
    </>
  );
}

function Page({ path, me }: { path: string; me: Me }) {
  if (path === '/') return <OverviewPage />;
  if (path === '/search') return <SearchPage />;
  if (path === '/access') return <AccessPage me={me} />;
  if (path === '/governance') return <GovernancePage me={me} />;
  if (path === '/costs') return <CostsPage me={me} />;
  const domain = /^\/domains\/([a-z][a-z0-9_-]*)$/.exec(path);
  if (domain?.[1]) return <DomainPage name={domain[1]} />;
  if (path === '/explore')
    return (
      <Suspense fallback={<Spinner label="Loading the SQL explorer…" />}>
        <ExplorerPage />
      </Suspense>
    );
  const product = /^\/products\/([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)$/.exec(path);
  if (product?.[1]) return <ProductPage address={product[1]} me={me} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at {path}. Go to the <Link to="/">overview</Link>.
      </p>
    </section>
  );
}
