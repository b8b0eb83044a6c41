import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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

/**
 * Serves the built UI at `/` when `root` holds an index.html: its files, and index.html for any other GET
 * of a page a browser asks for (client-side routing). API paths, and requests that do not accept HTML,
 * keep the JSON 404 of the not-found handler. Returns whether the UI is served.
 */
export async function serveWebUi(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  return true;
}

/** True when a request that found no route should get the UI's index.html instead of a 404. */
export function wantsWebPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (API_PATH.test(request.url)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}
