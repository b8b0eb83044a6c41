import type { AddressInfo } from 'node:net';
import { InputError } from '@meshwork/core';
import type { FastifyInstance } from 'fastify';

/** The environment variable that gives the address clients reach the server at. */
export const PUBLIC_URL_ENV = 'MESHWORK_PUBLIC_URL';

/**
 * The server's own base URL for the absolute links it hands out (Delta Sharing profiles and file URLs):
 * `configured` (else `MESHWORK_PUBLIC_URL`), or else the address the server listens on. Never the
 * request's Host header, which the client chooses. Throws an InputError at start when the configured value
 * is not an http(s) URL without credentials, query or fragment.
 *
 * @example
 * const base = publicBaseUrl(app, 'https://mesh.example.com/');
 * `${base()}/delta-sharing`; // 'https://mesh.example.com/delta-sharing'
 */
export function publicBaseUrl(app: FastifyInstance, configured: string | undefined): () => string {
  const fromEnv = configured === undefined ? process.env[PUBLIC_URL_ENV] : undefined;
  const value = configured ?? (fromEnv === '' ? undefined : fromEnv);
  if (value === undefined) return () => listeningUrl(app);
  const source = configured === undefined ? PUBLIC_URL_ENV : 'publicUrl';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(
      `${source} "${value}" is not a URL; set it to the address clients reach the server at, such as https://mesh.example.com`,
    );
  }
  if (
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    throw new InputError(
      `${source} "${value}" must be an http or https URL without credentials, query or fragment, such as https://mesh.example.com`,
    );
  }
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  return () => base;
}

/** `http://<address>:<port>` of the listening socket; an unspecified address becomes the loopback one. */
function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') return 'http://127.0.0.1';
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * Where a server at `base` serves the Iceberg warehouse: what builds record as their tables' location base,
 * so that readers fetch metadata, manifests and data files from `/iceberg/files`.
 *
 * @example
 * icebergFilesUrl('https://mesh.example.com'); // 'https://mesh.example.com/iceberg/files'
 */
export function icebergFilesUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/iceberg/files`;
}
