import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { AckResult, EnvelopeType, SendOptions, SentEnvelope } from './fake-slack-types.js';

// Slack gives up on an unacked command, interaction or event after 3 seconds.
const ACK_DEADLINE_MS = 3000;

export class AckTimeoutError extends Error {
  readonly envelopeId: string;
  constructor(envelopeId: string, timeoutMs: number) {
    super(`fake Slack: envelope ${envelopeId} not acked within ${timeoutMs} ms`);
    this.name = 'AckTimeoutError';
    this.envelopeId = envelopeId;
  }
}

export type ReceivedAck = { connection: number; envelopeId?: string; payload: unknown };

export function sendEnvelope(args: {
  ws: WebSocket;
  connection: number;
  events: EventEmitter;
  envelopes: SentEnvelope[];
  type: EnvelopeType;
  payload: unknown;
  options: SendOptions;
  retryOf?: string;
}): Promise<AckResult> {
  const { ws, connection, events, envelopes, type, payload, options, retryOf } = args;
  const timeoutMs = options.timeoutMs ?? ACK_DEADLINE_MS;
  const record: SentEnvelope = {
    envelopeId: randomUUID(),
    type,
    payload,
    sentAt: Date.now(),
    connection,
    ...(options.retryAttempt !== undefined ? { retryAttempt: options.retryAttempt } : {}),
    ...(options.retryReason !== undefined ? { retryReason: options.retryReason } : {}),
    ...(retryOf ? { retryOf } : {}),
    timedOut: false,
  };
  envelopes.push(record);
  return new Promise<AckResult>((resolve, reject) => {
    // Only the connection that got the envelope can ack it.
    const onAck = (ack: ReceivedAck) => {
      if (ack.envelopeId !== record.envelopeId || ack.connection !== connection) return;
      events.off('ack', onAck);
      clearTimeout(timer);
      record.ack = { payload: ack.payload, ackMs: Date.now() - record.sentAt };
      if (record.timedOut) return;
      resolve({
        envelopeId: record.envelopeId,
        ackPayload: ack.payload,
        ackMs: record.ack.ackMs,
        connection,
      });
    };
    // Keep listening after the deadline so a late ack is still visible in `envelopes`.
    const timer = setTimeout(() => {
      record.timedOut = true;
      reject(new AckTimeoutError(record.envelopeId, timeoutMs));
    }, timeoutMs);
    events.on('ack', onAck);
    ws.send(JSON.stringify(envelope(record, options)));
  });
}

// Field set of socket-mode/envelope.*.json; retry fields are always present on events_api.
function envelope(record: SentEnvelope, options: SendOptions): Record<string, unknown> {
  const payloadType = (record.payload as { type?: unknown } | null)?.type;
  const acceptsResponse =
    record.type === 'slash_commands' || (record.type === 'interactive' && payloadType !== 'block_actions');
  const retry =
    record.type === 'events_api' || options.retryAttempt !== undefined
      ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' }
      : {};
  return {
    envelope_id: record.envelopeId,
    payload: record.payload,
    type: record.type,
    accepts_response_payload: acceptsResponse,
    ...retry,
  };
}
