import type { Readiness } from '../health/readiness.js';
import type { Route } from './route.js';

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Liveness: stays on the Slack port, where the Docker HEALTHCHECK asks. */
export const livenessRoute: Route = {
  path: '/healthz',
  method: 'GET',
  handler: (_req, res) => json(res, 200, { status: 'ok' }),
};

/** Readiness names the bot's dependencies and their errors: with METRICS_ADDR, served there. */
// `detail`: more to say that does not decide readiness (a change freeze: the bot still serves reads).
export function readinessRoute(readiness: Readiness, detail?: () => Promise<Record<string, unknown>>): Route {
  return {
    path: '/readyz',
    method: 'GET',
    handler: async (_req, res) => {
      const more = await detail?.();
      const ready = readiness.isReady();
      json(res, ready ? 200 : 503, {
        status: ready ? 'ready' : 'not ready',
        components: readiness.snapshot(),
        ...more,
      });
    },
  };
}
