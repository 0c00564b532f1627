import type { Route } from '../http/route.js';
import type { Metrics } from './create-metrics.js';

// Prometheus scrapes this; served next to /healthz on PORT in both Slack modes.
export function metricsRoute(metrics: Pick<Metrics, 'registry'>): Route {
  return {
    path: '/metrics',
    method: 'GET',
    handler: async (_req, res) => {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(body);
    },
  };
}
