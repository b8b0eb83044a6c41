import type { FastifyInstance } from 'fastify';

/**
 * Request counts and durations per route and status, exposed in the Prometheus text format. Routes are
 * their patterns (`/api/v1/products/:address`), never raw URLs, so the label set stays small.
 */
export class Metrics {
  private readonly counts = new Map<string, number>();
  private readonly seconds = new Map<string, number>();
  private readonly started = Date.now();

  /** Counts every response of `app`. */
  attach(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `method="${request.method}",route="${route}",status="${reply.statusCode}"`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.seconds.set(key, (this.seconds.get(key) ?? 0) + reply.elapsedTime / 1000);
    });
  }

  /** The Prometheus exposition text. */
  render(): string {
    const lines = [
      '# HELP meshwork_http_requests_total HTTP requests answered, by method, route and status.',
      '# TYPE meshwork_http_requests_total counter',
      ...[...this.counts].map(([k, v]) => `meshwork_http_requests_total{${k}} ${v}`),
      '# HELP meshwork_http_request_seconds_total Time spent answering, by method, route and status.',
      '# TYPE meshwork_http_request_seconds_total counter',
      ...[...this.seconds].map(([k, v]) => `meshwork_http_request_seconds_total{${k}} ${v.toFixed(6)}`),
      '# HELP meshwork_uptime_seconds Seconds since the server started.',
      '# TYPE meshwork_uptime_seconds gauge',
      `meshwork_uptime_seconds ${((Date.now() - this.started) / 1000).toFixed(0)}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
