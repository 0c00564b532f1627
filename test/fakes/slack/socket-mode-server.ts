import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { applyCommandAck } from './apply-command-ack.js';
import type {
  AckResult,
  EnvelopeType,
  FakeConnection,
  FakeSocket,
  SendOptions,
  SentEnvelope,
} from './fake-slack-types.js';
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
// on connect the fake sends `hello`, then envelopes; the client answers with acks. An app may hold
// several connections (one per replica, say) and Slack delivers each envelope to ONE of them.
export function createSocketModeServer(state: () => SlackState, baseUrl: () => string): SocketModeServer {
  const wss = new WebSocketServer({ noServer: true });
  const events = new EventEmitter();
  // One 'ack' listener per envelope in flight: fifty concurrent clicks are a test, not a leak.
  events.setMaxListeners(0);
  const tickets = new Set<string>();
  const sockets = new Map<number, WebSocket>();
  const connections: FakeConnection[] = [];
  const envelopes: SentEnvelope[] = [];
  // Round-robin position: the id of the connection that got the last envelope.
  let lastDelivered = -1;

  wss.on('connection', (ws) => {
    const id = connections.length;
    const connection: FakeConnection = { id, open: true, openedAt: Date.now() };
    connections.push(connection);
    // Slack's limit; what the 11th connection sees is a guess (README).
    if (sockets.size >= MAX_CONNECTIONS) {
      connection.open = false;
      ws.send(JSON.stringify(disconnectMessage('too_many_websockets')));
      ws.close(1000);
      return;
    }
    sockets.set(id, ws);
    ws.on('close', () => {
      sockets.delete(id);
      connection.open = false;
    });
    ws.on('message', (data) => events.emit('ack', { connection: id, ...parseAck(data.toString()) }));
    ws.send(JSON.stringify(helloMessage(state().options.appId, sockets.size)));
    events.emit('connection', id);
  });

  const openIds = () => [...sockets].filter(([, ws]) => ws.readyState === ws.OPEN).map(([id]) => id);
  // The next open connection after `after` in id order, wrapping round.
  const nextAfter = (after: number): number | undefined => {
    const open = openIds();
    return open.find((id) => id > after) ?? open[0];
  };
  const waitForConnection = (timeoutMs = 5000) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off('connection', onConnection);
        reject(new Error(`fake Slack: no Socket Mode connection within ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnection = (id: number) => {
        clearTimeout(timer);
        resolve(id);
      };
      events.once('connection', onConnection);
    });

  const deliver = (
    type: EnvelopeType,
    payload: unknown,
    options: SendOptions,
    pick: () => number | undefined,
    retryOf?: string,
  ): Promise<AckResult> => {
    const connection = options.connection ?? pick();
    const ws = connection === undefined ? undefined : sockets.get(connection);
    if (connection === undefined || !ws || ws.readyState !== ws.OPEN) {
      const which = options.connection === undefined ? '' : ` ${options.connection} is not open`;
      return Promise.reject(
        new Error(`fake Slack: no Socket Mode connection${which} (Slack: dispatch_failed)`),
      );
    }
    lastDelivered = connection;
    const acked = sendEnvelope({ ws, connection, events, envelopes, type, payload, options, retryOf });
    if (type !== 'slash_commands') return acked;
    return acked.then((ack) => {
      applyCommandAck(state(), payload, ack.ackPayload);
      return ack;
    });
  };

  const targets = (connection?: number) =>
    connection === undefined
      ? [...sockets.values()]
      : [sockets.get(connection)].filter((ws) => ws !== undefined);

  const controls: FakeSocket = {
    connected: (options) => {
      const newest = openIds().at(-1);
      return newest !== undefined ? Promise.resolve(newest) : waitForConnection(options?.timeoutMs);
    },
    nextConnection: (options) => waitForConnection(options?.timeoutMs),
    send: (type, payload, options = {}) => deliver(type, payload, options, () => nextAfter(lastDelivered)),
    retry: (envelopeId, options = {}) => {
      const first = envelopes.find((e) => e.envelopeId === envelopeId);
      if (!first) return Promise.reject(new Error(`fake Slack: no envelope ${envelopeId} to retry`));
      const original = first.retryOf ?? first.envelopeId;
      const deliveries = envelopes.filter((e) => e.envelopeId === original || e.retryOf === original);
      const previous = deliveries.at(-1) ?? first;
      return deliver(
        first.type,
        first.payload,
        {
          retryAttempt: (previous.retryAttempt ?? 0) + 1,
          retryReason: options.reason ?? 'timeout',
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.connection !== undefined ? { connection: options.connection } : {}),
        },
        // Another connection than the last delivery's when there is one (the point of a retry).
        () => nextAfter(previous.connection),
        original,
      );
    },
    disconnect: (reason = 'refresh_requested', options = {}) => {
      const message = JSON.stringify(disconnectMessage(reason));
      for (const ws of targets(options.connection)) ws.send(message);
    },
    drop: (options = {}) => {
      for (const ws of targets(options.connection)) ws.terminate();
      // terminate() reports the close later; a dropped connection is gone now.
      for (const connection of connections)
        if (options.connection === undefined || connection.id === options.connection) connection.open = false;
    },
    get openConnections() {
      return openIds().length;
    },
    get totalConnections() {
      return connections.length;
    },
    get connections() {
      return connections;
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
      for (const ws of [...sockets.values()]) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

// Slack's limit on open Socket Mode connections per app (notes §8, too_many_websockets).
const MAX_CONNECTIONS = 10;

function disconnectMessage(reason: string): Record<string, unknown> {
  return { type: 'disconnect', reason, debug_info: { host: 'applink-fake' } };
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
