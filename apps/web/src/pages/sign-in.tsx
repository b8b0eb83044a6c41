import type { DevUser } from '@meshwork/api';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, messageOf } from '../api.js';
import { ErrorMessage } from '../components/ui.js';

/** Sign in with a token, or, on a dev mesh served by `meshwork up`, as one of its seeded users. */
export function SignInPage({
  notice,
  onSignIn,
}: {
  notice: string | null;
  onSignIn: (token: string) => Promise<void>;
}) {
  const [devUsers, setDevUsers] = useState<readonly DevUser[] | null>(null);
  const [token, setTokenText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Served only by `meshwork up` on this machine; a 404 means a real deployment: tokens only.
    fetch('/api/v1/dev/users', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ items: DevUser[] }>) : { items: [] }))
      .then(
        (body) => setDevUsers(body.items),
        () => setDevUsers([]),
      );
  }, []);

  const attempt = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      await onSignIn(value.trim());
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? `The server did not accept this token: ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`
          : messageOf(e),
      );
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setError('Paste a token first: `meshwork token create LABEL` prints one.');
      return;
    }
    void attempt(token);
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Meshwork</h1>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {devUsers && devUsers.length > 0 && (
        <section aria-labelledby="dev-users">
          <h2 id="dev-users">Sign in as a seeded user of this dev mesh</h2>
          <ul className="picker">
            {devUsers.map((u) => (
              <li key={u.email}>
                <button type="button" disabled={busy} onClick={() => void attempt(u.token)}>
                  <strong>{u.label}</strong>
                  <span>{u.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={submit} aria-labelledby="token-heading">
        <h2 id="token-heading">{devUsers && devUsers.length > 0 ? 'Or paste a token' : 'Paste a token'}</h2>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setTokenText(e.target.value)}
          placeholder="mw_…"
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          The token stays in this browser tab only (session storage) and is sent with every request.
        </p>
      </form>
      {error && <ErrorMessage message={error} />}
    </main>
  );
}
