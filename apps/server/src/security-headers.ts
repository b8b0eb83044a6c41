import type { FastifyReply } from 'fastify';

/**
 * The web UI's Content Security Policy. The built app (apps/web/dist) loads only its own module scripts and
 * stylesheets, with no inline script; React and Chart.js set styles through the CSSOM, which CSP does not
 * govern. CodeMirror writes its styles into a `<style>` element, allowed by the page's `nonce` alone
 * (index.html carries it in `<meta property="csp-nonce">`). Style attributes are allowed: the browser's
 * own editing writes them into the SQL editor when a selection is typed over, and unlike style elements
 * they cannot select other elements to leak their content. Images may come from https URLs because product
 * READMEs link them; the UI calls only its own API.
 *
 * @example
 * webUiCsp('r4nd0m'); // "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-r4nd0m'; …"
 */
export function webUiCsp(nonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' https:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of everything else (JSON, CSV, Parquet, files): nothing may run, load or frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The headers every response carries: no MIME sniffing, no framing (against clickjacking), no Referer
 * leaving the server, and a CSP: the UI's for HTML, none at all for anything else. A 304 gets the UI's too,
 * since a browser replaces a cached page's headers with a 304's: the API's policy there would block the
 * UI's own script on the next visit.
 *
 * @example
 * securityHeaders('application/json', 200)['x-frame-options']; // 'DENY'
 */
export function securityHeaders(contentType: string, status: number): Readonly<Record<string, string>> {
  return {
    'content-security-policy': contentType.startsWith('text/html') || status === 304 ? webUiCsp() : API_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/** Adds {@link securityHeaders} to a reply about to be sent, keeping a CSP it already has (a page's, with its nonce). */
export function addSecurityHeaders(reply: FastifyReply): void {
  const { 'content-security-policy': csp, ...others } = securityHeaders(
    String(reply.getHeader('content-type') ?? ''),
    reply.statusCode,
  );
  reply.headers(others);
  if (!reply.hasHeader('content-security-policy') && csp) reply.header('content-security-policy', csp);
}
