import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatMethods } from './chat-methods.js';
import { directoryMethods } from './directory-methods.js';
import type { FakeSlack } from './fake-slack.js';
import type { FakeSlackOptions, FakeWarning, RecordedCall, RecordedResponse } from './fake-slack-types.js';
import { createFaultQueue } from './fault-queue.js';
import { fileMethods } from './file-methods.js';
import { resolveFakeSlackOptions } from './resolve-fake-slack-options.js';
import { createResponseUrlCatcher } from './response-url-catcher.js';
import { type RouteDeps, routeRequest } from './route-request.js';
import { createSlackState } from './slack-state.js';
import { createSocketModeServer } from './socket-mode-server.js';
import { createStateQueries } from './state-queries.js';
import { viewMethods } from './view-methods.js';
import { waitForEntry } from './wait-for-entry.js';

export type { FakeSlack } from './fake-slack.js';

// A fake Slack on 127.0.0.1: Web API at /api/<method>, response_url catcher at /response/<id>,
// file uploads at /upload/v1/<id>, Socket Mode WebSocket at /link/. See README.md.
export async function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  const resolved = resolveFakeSlackOptions(options);
  let state = createSlackState(resolved);
  let baseUrl = '';
  const events = new EventEmitter();
  // Late-ack listeners and waiters can pile up in long tests; none of them is a leak.
  events.setMaxListeners(0);
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const warnings: FakeWarning[] = [];
  const faults = createFaultQueue();
  const catcher = createResponseUrlCatcher();
  const socket = createSocketModeServer(
    () => state,
    () => baseUrl,
  );
  const deps: RouteDeps = {
    state: () => state,
    handlers: {
      ...chatMethods,
      ...directoryMethods,
      ...viewMethods,
      ...fileMethods,
      'apps.connections.open': socket.connectionsOpen,
    },
    faults,
    catcher,
    responses,
    events,
    baseUrl: () => baseUrl,
    record: (call) => {
      calls.push(call);
      events.emit('call', call);
    },
    warn: (method, message) => {
      warnings.push({ method, message, at: Date.now() });
    },
  };

  const server = createServer((request, response) => {
    routeRequest(request, response, deps).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  server.on('upgrade', socket.handleUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    port,
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    options: resolved,
    calls,
    responses,
    warnings,
    socket: socket.controls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitFor: (target, waitOptions = {}) => {
      const matches = typeof target === 'string' ? (call: RecordedCall) => call.method === target : target;
      return waitForEntry(calls, events, 'call', matches, {
        ...waitOptions,
        describe: () => `calls so far: ${calls.map((call) => call.method).join(', ') || 'none'}`,
      });
    },
    waitForResponse: (matches = () => true, waitOptions = {}) =>
      waitForEntry(responses, events, 'response', matches, {
        ...waitOptions,
        describe: () => `${responses.length} response_url POSTs so far`,
      }),
    failNext: (method, failOptions) => faults.failNext(method, failOptions),
    responseUrl: (context = {}) => catcher.create(baseUrl, context).url,
    ...createStateQueries(() => state),
    reset: () => {
      state = createSlackState(resolved);
      calls.length = 0;
      responses.length = 0;
      warnings.length = 0;
      faults.clear();
      catcher.clear();
      socket.reset();
    },
    close: async () => {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
