import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { applyCommandAck } from './apply-command-ack.js';
import type { FakeSocket, SentEnvelope } from './fake-slack-types.js';
import type { MethodHandler } from './method-context.js';
import { sendEnvelope } from './send-envelope.js';
import type { SlackState } from './slack-state.js';

export type SocketModeServer = {
  connectionsOpen: MethodHandler;
  handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  controls: FakeSocket;
  reset: () => void;
  close: () => Promise<void>;
};

// Socket Mode (notes §5): apps.connections.open hands out a single-use ws:// URL on this server;
// on connect the fake sends `hello`, then envelopes; the client answers with acks.
export function createSocketModeServer(state: () => SlackState, baseUrl: () => string): SocketModeServer {
  const wss = new WebSocketServer({ noServer: true });
  const events = new EventEmitter();
  const tickets = new Set<string>();
  const sockets: WebSocket[] = [];
  const envelopes: SentEnvelope[] = [];
  let totalConnections = 0;

  wss.on('connection', (ws) => {
    sockets.push(ws);
    totalConnections += 1;
    ws.on('close', () => sockets.splice(sockets.indexOf(ws), 1));
    ws.on('message', (data) => events.emit('ack', parseAck(data.toString())));
    ws.send(JSON.stringify(helloMessage(state().options.appId, sockets.length)));
    events.emit('connection');
  });

  const openSocket = () => sockets.filter((ws) => ws.readyState === ws.OPEN).at(-1);
  const waitForConnection = (timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off('connection', onConnection);
        reject(new Error(`fake Slack: no Socket Mode connection within ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnection = () => {
        clearTimeout(timer);
        resolve();
      };
      events.once('connection', onConnection);
    });

  const controls: FakeSocket = {
    connected: (options) => (openSocket() ? Promise.resolve() : waitForConnection(options?.timeoutMs)),
    nextConnection: (options) => waitForConnection(options?.timeoutMs),
    send: (type, payload, options = {}) => {
      const ws = openSocket();
      if (!ws)
        return Promise.reject(new Error('fake Slack: no Socket Mode connection (Slack: dispatch_failed)'));
      const acked = sendEnvelope({ ws, events, envelopes, type, payload, options });
      if (type !== 'slash_commands') return acked;
      return acked.then((ack) => {
        applyCommandAck(state(), payload, ack.ackPayload);
        return ack;
      });
    },
    disconnect: (reason = 'refresh_requested') => {
      const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } });
      for (const ws of sockets) ws.send(message);
    },
    drop: () => {
      for (const ws of [...sockets]) ws.terminate();
    },
    get openConnections() {
      return sockets.filter((ws) => ws.readyState === ws.OPEN).length;
    },
    get totalConnections() {
      return totalConnections;
    },
    get envelopes() {
      return envelopes;
    },
  };

  return {
    connectionsOpen: {
      token: 'app',
      handle: () => {
        const ticket = randomUUID();
        tickets.add(ticket);
        const wsBase = baseUrl().replace(/^http/, 'ws');
        return { ok: true, url: `${wsBase}/link/?ticket=${ticket}&app_id=${state().options.appId}` };
      },
    },
    handleUpgrade: (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const ticket = url.searchParams.get('ticket') ?? '';
      // Tickets are single use, as Slack's are.
      if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    controls,
    reset: () => {
      envelopes.length = 0;
    },
    close: async () => {
      for (const ws of [...sockets]) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function helloMessage(appId: string, connections: number): Record<string, unknown> {
  return {
    type: 'hello',
    num_connections: connections,
    debug_info: { host: 'applink-fake', build_number: 10, approximate_connection_time: 18060 },
    connection_info: { app_id: appId },
  };
}

function parseAck(text: string): { envelopeId?: string; payload: unknown } {
  try {
    const message = JSON.parse(text) as { envelope_id?: unknown; payload?: unknown };
    const envelopeId = typeof message.envelope_id === 'string' ? message.envelope_id : undefined;
    return { ...(envelopeId ? { envelopeId } : {}), payload: message.payload };
  } catch {
    return { payload: text };
  }
}
