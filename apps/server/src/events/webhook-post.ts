import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { messageOf } from './event-bus.js';
import type { WebhookTargets } from './webhook-targets.js';

/**
 * What one delivery attempt got: the receiver's status when it answered, else `status: null` and the cause,
 * which is for the server log only (see {@link failureOf}).
 */
export type AttemptResult = { readonly status: number } | { readonly status: null; readonly cause: string };

/** What {@link postWebhook} needs besides the URL and body. */
export interface PostOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly targets: WebhookTargets;
}

/**
 * POSTs `body` to `url` once. Redirects are never followed (a 3xx is the answer), the connection goes only
 * to addresses {@link WebhookTargets} allows (checked on the addresses the name resolves to, at this
 * attempt), user info in the URL becomes basic authentication, and the response body is not read.
 * Never throws.
 */
export function postWebhook(url: string, body: string, options: PostOptions): Promise<AttemptResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    return Promise.resolve({ status: null, cause: messageOf(error) });
  }
  const refused = options.targets.refusal(target);
  if (refused) return Promise.resolve({ status: null, cause: refused });
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: options.targets.lookup,
        signal: AbortSignal.timeout(options.timeoutMs),
        // A connection of its own each time: no socket is kept to a receiver, and every attempt resolves anew.
        agent: false,
      },
      (response) => {
        resolve({ status: response.statusCode ?? 0 });
        response.destroy();
      },
    );
    request.on('error', (error) => resolve({ status: null, cause: messageOf(error) }));
    request.end(body);
  });
}

/**
 * The error a delivery's record shows: the HTTP status when the receiver answered, else only that it
 * failed. Refused, unreachable, reset and timed-out targets look the same, so dead letters do not tell
 * which addresses and ports are open.
 */
export function failureOf(result: AttemptResult): string {
  if (result.status === null) return 'delivery failed';
  if (result.status >= 300 && result.status < 400) {
    return `delivery failed: HTTP ${result.status} (redirects are not followed)`;
  }
  return `delivery failed: HTTP ${result.status}`;
}
