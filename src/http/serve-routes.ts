import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from './route.js';

// A `:name` segment matches any one segment, as in Bolt's custom routes (HTTP mode).
function matches(pattern: string, path: string): boolean {
  if (!pattern.includes(':')) return pattern === path;
  const want = pattern.split('/');
  const got = path.split('/');
  return (
    want.length === got.length &&
    want.every((part, i) => (part.startsWith(':') ? got[i] !== '' : part === got[i]))
  );
}

// In Socket Mode there is no Bolt HTTP receiver, so the health routes get a server of their own.
export async function serveRoutes(routes: readonly Route[], port: number, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => matches(r.path, path ?? '/') && r.method === req.method);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    void Promise.resolve(route.handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
