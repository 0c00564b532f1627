import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedResponse } from './fake-slack-types.js';
import type { FaultQueue } from './fault-queue.js';
import { acceptUpload } from './file-methods.js';
import { handleWebApi, type WebApiDeps } from './handle-web-api.js';
import { readRawBody } from './parse-api-params.js';
import type { ResponseOutcome, ResponseUrlCatcher } from './response-url-catcher.js';

export type RouteDeps = WebApiDeps & {
  faults: FaultQueue;
  catcher: ResponseUrlCatcher;
  responses: RecordedResponse[];
  events: EventEmitter;
};

// Every HTTP path of the fake; the WebSocket upgrade is handled separately.
export async function routeRequest(request: IncomingMessage, response: ServerResponse, deps: RouteDeps) {
  const url = new URL(request.url ?? '/', deps.baseUrl());
  const [, area, name] = url.pathname.split('/');
  if (area === 'api' && name) return handleWebApi(request, response, name, url.searchParams, deps);
  if (area === 'response' && name && request.method === 'POST')
    return handleResponseUrl(request, response, name, deps);
  if (area === 'upload' && request.method === 'POST') {
    const body = await readRawBody(request);
    const headers = new Headers();
    const contentType = request.headers['content-type'];
    if (contentType) headers.set('content-type', contentType);
    const fileId = url.pathname.split('/').at(-1) ?? '';
    const status = await acceptUpload(
      deps.state(),
      fileId,
      new Request(url, { method: 'POST', headers, body }),
    );
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(status === 200 ? `OK - ${body.length}` : 'file_not_found');
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found');
}

// respond() POSTs JSON without auth (notes §1.6); a planned 'response_url' fault answers instead.
async function handleResponseUrl(
  request: IncomingMessage,
  response: ServerResponse,
  id: string,
  deps: RouteDeps,
) {
  const raw = (await readRawBody(request)).toString('utf8');
  const body = parseJson(raw);
  const fault = deps.faults.take('response_url');
  const result: ResponseOutcome = fault
    ? { status: fault.status >= 400 ? fault.status : 500, text: fault.error ?? 'error', outcome: 'fault' }
    : deps.catcher.apply(deps.state(), id, body);
  const recorded: RecordedResponse = {
    id,
    url: `${deps.baseUrl()}/response/${id}`,
    body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { raw },
    at: Date.now(),
    status: result.status,
    outcome: result.outcome,
  };
  deps.responses.push(recorded);
  deps.events.emit('response', recorded);
  response.writeHead(result.status, { 'content-type': 'text/plain' });
  response.end(result.text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
