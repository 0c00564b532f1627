import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function captureLines() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the level name and the child context', () => {
    const { lines, destination } = captureLines();
    const logger = createLogger({ level: 'info', destination });

    logger.child({ runId: 'r1', cluster: 'talos-prod' }).info({ step: 2 }, 'step finished');

    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({
      level: 'info',
      runId: 'r1',
      cluster: 'talos-prod',
      step: 2,
      msg: 'step finished',
    });
  });

  it("says on every line, also a child logger's, which replica wrote it", () => {
    const { lines, destination } = captureLines();
    const logger = createLogger({ level: 'info', destination, replica: 'bot-a.example-4242' });

    logger.info('started');
    logger.child({ runId: 'r1' }).warn('step slow');

    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ replica: 'bot-a.example-4242', service: 'omni-chatops', msg: 'started' }),
      expect.objectContaining({ replica: 'bot-a.example-4242', runId: 'r1', msg: 'step slow' }),
    ]);
  });

  it('never writes a secret, by key or by value', () => {
    const { lines, destination } = captureLines();
    const secret = 'xoxb-super-secret-token-value';
    const logger = createLogger({ level: 'info', secrets: [secret], destination });

    logger.info({ token: 'xoxb-another', nested: { serviceAccountKey: 'k-e-y-v-a-l' } }, 'connecting');
    logger.warn({ detail: `failed with ${secret} in stderr` }, 'omnictl failed');
    logger.error(`message mentioning ${secret}`);
    logger.error({ err: new Error(`boom ${secret}`) }, 'failure');

    const text = lines.join('\n');
    expect(lines).toHaveLength(4);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('xoxb-another');
    expect(text).not.toContain('k-e-y-v-a-l');
    expect(text).toContain('[redacted]');
  });
});
