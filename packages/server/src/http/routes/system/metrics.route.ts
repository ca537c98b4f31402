import type { Config } from '../../../config/config.js';
import { bearerMatches, METRICS_CONTENT_TYPE, metricsText } from '../../../metrics/metrics-endpoint.js';
import type { TypedApp } from '../../types.js';

/**
 * `/metrics` on the main port, only with TIJORI_METRICS_TOKEN set and only for that bearer
 * token (Prometheus' `authorization` setting). Not registered otherwise: never public.
 */
export function registerMetricsRoute(app: TypedApp, config: Readonly<Pick<Config, 'metrics'>>): void {
  const token = config.metrics.token;
  if (token === undefined) return;
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!bearerMatches(request.headers.authorization, token)) {
      return reply.status(401).header('www-authenticate', 'Bearer').type('text/plain; charset=utf-8').send('A bearer token is required.\n');
    }
    return reply.type(METRICS_CONTENT_TYPE).send(await metricsText());
  });
}
