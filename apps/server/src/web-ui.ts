import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { webUiCsp } from './security-headers.js';

/** Where `npm run build` puts the web UI: apps/web/dist, the same path from src/ and from dist/. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** A seeded dev user the sign-in page offers, from `meshwork up` only. */
export interface DevUserEntry {
  readonly label: string;
  readonly email: string;
  readonly role: string;
  readonly domain: string | null;
  readonly token: string;
}

/** Paths that belong to the API and never fall back to the UI's index.html. */
const API_PATH = /^\/(api|openapi\.json|healthz|metrics)(\/|\?|$)/;

/** Sends the UI's index.html as the answer to a request. */
export type SendPage = (reply: FastifyReply) => FastifyReply;

/**
 * Serves the built UI at `/` when `root` holds an index.html: its files, and index.html for any other GET
 * of a page a browser asks for (client-side routing; the not-found handler calls the returned
 * {@link SendPage}). API paths, and requests that do not accept HTML, keep the JSON 404 of the not-found
 * handler. Each index.html carries a new CSP nonce, in its policy and in `<meta property="csp-nonce">` where
 * the app reads it for the style element CodeMirror writes. Returns undefined when there is no UI.
 */
export async function serveWebUi(app: FastifyInstance, root: string): Promise<SendPage | undefined> {
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const html = readFileSync(indexFile, 'utf8');
  const sendPage: SendPage = (reply) => {
    const nonce = randomBytes(16).toString('base64');
    return (
      reply
        .header('content-security-policy', webUiCsp(nonce))
        // A nonce is good for one response: the page is never cached or revalidated.
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(html.replace('</head>', `  <meta property="csp-nonce" nonce="${nonce}" />\n  </head>`))
    );
  };
  // index.html itself only through sendPage: served as a file, it would have no nonce.
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    allowedPath: (path) => path !== '/index.html',
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
  return sendPage;
}

/** True when a request that found no route should get the UI's index.html instead of a 404. */
export function wantsWebPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (API_PATH.test(request.url)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}
