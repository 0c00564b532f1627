import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoSession } from './create-demo-session.js';
import { handleAction, snapshot } from './demo-api.js';
import { PEOPLE } from './demo-workspace.js';
import { serveFile } from './serve-file.js';

const MAX_BODY = 64 * 1024;

export type DemoServer = { url: string; close(): Promise<void> };

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY) throw new Error('request body too large');
  }
  const parsed: unknown = text ? JSON.parse(text) : {};
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

async function route(session: DemoSession, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/api/state') {
    const user = url.searchParams.get('user') ?? PEOPLE[0].id;
    return send(response, 200, 'application/json', JSON.stringify(snapshot(session, user)));
  }
  const action = /^\/api\/([a-z-]+)$/.exec(url.pathname)?.[1];
  if (request.method === 'POST' && action) {
    const answer = await handleAction(session, action, await readJson(request));
    return send(response, answer.status, 'application/json', JSON.stringify(answer.body));
  }
  const file = request.method === 'GET' ? serveFile(url.pathname) : undefined;
  if (file) return send(response, 200, file.type, file.body);
  return send(response, 404, 'text/plain', 'not found');
}

// The page and its API, on 127.0.0.1 only.
export async function startDemoServer(session: DemoSession, port = 0): Promise<DemoServer> {
  const server = createServer((request, response) => {
    route(session, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', (error as Error).message);
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
