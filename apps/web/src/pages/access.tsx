import type { AccessRequest, Grant, Me } from '@meshwork/api';
import { useId, useState } from 'react';
import { api, messageOf } from '../api.js';
import { day, Empty, ErrorMessage, Link, Show, when } from '../components/ui.js';
import { useApi } from '../use-api.js';

/** Owners: the pending requests for their domain's products. Everyone: their own requests and grants. */
export function AccessPage({ me }: { me: Me }) {
  const decides = me.can.decideRequests;
  return (
    <section className="access">
      <h1>Access</h1>
      {decides && <Inbox me={me} />}
      <MyGrants />
      <MyRequests />
    </section>
  );
}

function Inbox({ me }: { me: Me }) {
  const [pending, reload] = useApi<{ items: AccessRequest[] }>('/access/requests?status=pending');
  return (
    <section aria-labelledby="inbox-h">
      <h2 id="inbox-h">Requests to decide</h2>
      <Show load={pending}>
        {(p) => {
          const items = p.items.filter((r) => r.requesterEmail !== me.email);
          return items.length === 0 ? (
            <Empty>No request waits for you.</Empty>
          ) : (
            <ul className="requests">
              {items.map((r) => (
                <PendingRequest key={r.id} request={r} onDecided={reload} />
              ))}
            </ul>
          );
        }}
      </Show>
    </section>
  );
}

function PendingRequest({ request, onDecided }: { request: AccessRequest; onDecided: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await api(`/access/requests/${request.id}/${decision}`, {
        method: 'POST',
        body: note.trim() ? { note: note.trim() } : {},
      });
      onDecided();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <li className="request card" aria-label={`Request from ${request.requesterEmail} for ${request.product}`}>
      <p>
        <strong>{request.requesterEmail}</strong>
        {request.requesterDomain ? ` (${request.requesterDomain})` : ''} asks for{' '}
        <Link to={`/products/${request.product}`}>{request.product}</Link>
        {request.columns.length > 0 ? (
          <>
            {' '}
            with unmasked <code>{request.columns.join(', ')}</code>
          </>
        ) : (
          ' (masked)'
        )}{' '}
        until {day(request.expiresAt)}.
      </p>
      <blockquote>{request.purpose}</blockquote>
      <p className="muted">Asked {when(request.createdAt)}</p>
      <label htmlFor={noteId}>Note to the requester (optional)</label>
      <input id={noteId} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void decide('approve')}>
          Approve
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void decide('reject')}>
          Reject
        </button>
      </div>
      {error && <ErrorMessage message={error} />}
    </li>
  );
}

function MyGrants() {
  const [grants] = useApi<{ items: Grant[] }>('/access/grants?mine=true');
  return (
    <section aria-labelledby="grants-h">
      <h2 id="grants-h">My grants</h2>
      <Show load={grants}>
        {(g) =>
          g.items.length === 0 ? (
            <Empty>You hold no grant. Ask for one from a product's page.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Unmasked columns</th>
                    <th scope="col">Expires</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {g.items.map((grant) => (
                    <tr key={grant.id}>
                      <td>
                        <Link to={`/products/${grant.product}`}>{grant.product}</Link>
                      </td>
                      <td>{grant.columns.length ? grant.columns.join(', ') : 'none (masked)'}</td>
                      <td>{day(grant.expiresAt)}</td>
                      <td>{grant.active ? 'active' : grant.revokedAt ? 'revoked' : 'expired'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </section>
  );
}

function MyRequests() {
  const [requests] = useApi<{ items: AccessRequest[] }>('/access/requests?mine=true');
  return (
    <section aria-labelledby="mine-h">
      <h2 id="mine-h">My requests</h2>
      <Show load={requests}>
        {(r) =>
          r.items.length === 0 ? (
            <Empty>You have not asked for access yet.</Empty>
          ) : (
            <ul className="my-requests">
              {r.items.map((request) => (
                <li key={request.id}>
                  <Link to={`/products/${request.product}`}>{request.product}</Link>:{' '}
                  <span className={`badge status-${request.status}`}>{request.status}</span>{' '}
                  {request.decidedBy && `by ${request.decidedBy}`}
                  {request.decisionNote && ` — “${request.decisionNote}”`}
                  <span className="muted"> · asked {when(request.createdAt)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </section>
  );
}
