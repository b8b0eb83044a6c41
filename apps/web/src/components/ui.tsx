import type { ReactNode } from 'react';
import { navigate } from '../router.js';
import type { Loaded } from '../use-api.js';

/** A link that navigates inside the app without reloading it. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function ErrorMessage({ message }: { message: string }) {
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Renders the data of a load, or its loading or error state. */
export function Show<T>({
  load,
  children,
  label,
}: {
  load: Loaded<T>;
  children: (data: T) => ReactNode;
  label?: string;
}) {
  if (load.state === 'loading') return <Spinner {...(label ? { label } : {})} />;
  if (load.state === 'error') return <ErrorMessage message={load.message} />;
  return <>{children(load.data)}</>;
}

const SLA_TEXT: Record<string, string> = {
  met: 'SLA met',
  at_risk: 'SLA at risk',
  breached: 'SLA breached',
  unknown: 'SLA unknown',
};

export function SlaBadge({ status }: { status: string }) {
  return <span className={`badge sla-${status}`}>{SLA_TEXT[status] ?? status}</span>;
}

export function ClassificationBadge({ level }: { level: string | undefined }) {
  if (!level) return <span className="badge class-none">unclassified</span>;
  return <span className={`badge class-${level}`}>{level}</span>;
}

/** A date-time in the reader's locale, short. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** The isolation patterns by their names in domain.yaml. */
export const PATTERN: Record<string, string> = {
  schema: 'schema-per-domain',
  workspace: 'workspace-per-domain',
  account: 'account-per-domain',
};
