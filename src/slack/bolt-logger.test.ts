import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { boltLogger } from './bolt-logger.js';

function capture() {
  const lines: { level: string; msg: string; component?: string }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('boltLogger', () => {
  it('passes every level through as pino JSON', () => {
    const { lines, logger } = capture();
    const bolt = boltLogger(logger);

    bolt.debug('d');
    bolt.info('i');

    expect(lines.map((l) => [l.level, l.msg, l.component])).toEqual([
      ['debug', 'd', 'bolt'],
      ['info', 'i', 'bolt'],
    ]);
  });

  it('noDebug drops debug lines (raw Socket Mode envelopes) and keeps info, warn and error', () => {
    const { lines, logger } = capture();
    const bolt = boltLogger(logger, { noDebug: true });
    bolt.setName('socket-mode:SocketModeClient:0');
    bolt.setLevel('debug' as never);

    bolt.debug('Received a message on the WebSocket: {"payload":{"view":"…"}}');
    bolt.info('i');
    bolt.warn('w');
    bolt.error('e');

    expect(bolt.getLevel()).toBe('info');
    expect(lines.map((l) => [l.level, l.msg, l.component])).toEqual([
      ['info', 'i', 'socket-mode:SocketModeClient:0'],
      ['warn', 'w', 'socket-mode:SocketModeClient:0'],
      ['error', 'e', 'socket-mode:SocketModeClient:0'],
    ]);
  });
});
