import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseClock, type DatabaseClock } from './database-clock.js';

function capturedLogger() {
  const lines: { msg: string; skewMs?: number }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('createDatabaseClock', () => {
  const system = new Date('2026-12-04T10:00:00.000Z');
  let clock: DatabaseClock | undefined;
  afterEach(() => clock?.stop());

  it("keeps the database server's time once aligned, and says a skew over 5 s", async () => {
    clock = createDatabaseClock(() => system);
    const { logger, lines } = capturedLogger();
    expect(clock.now()).toEqual(system);

    await clock.align({ databaseTime: async () => new Date(system.getTime() - 60_000) }, logger);

    expect(clock.now().toISOString()).toBe('2026-12-04T09:59:00.000Z');
    expect(lines).toMatchObject([{ skewMs: -60_000 }]);
    expect(lines[0]?.msg).toMatch(/^this replica's clock differs from the database server's/);
  });

  it('says nothing of a skew within 5 s, but keeps the server time all the same', async () => {
    clock = createDatabaseClock(() => system);
    const { logger, lines } = capturedLogger();

    await clock.align({ databaseTime: async () => new Date(system.getTime() + 1_500) }, logger);

    expect(clock.now().getTime() - system.getTime()).toBe(1_500);
    expect(lines).toEqual([]);
  });

  it('keeps the host time, and says why, when the server cannot be asked', async () => {
    clock = createDatabaseClock(() => system);
    const { logger, lines } = capturedLogger();

    await clock.align(
      {
        databaseTime: async () => {
          throw new Error('connection refused');
        },
      },
      logger,
    );

    expect(clock.now()).toEqual(system);
    expect(lines.map((l) => l.msg)).toEqual([
      "could not read the database server's clock; keeping the last offset",
    ]);
  });
});
