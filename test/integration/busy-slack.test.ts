import { afterEach, describe, expect, it } from 'vitest';
import type { BusySignal } from '../../src/omni/defer-while-busy.js';
import { CHANNEL, type Harness, startHarness } from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

// A busy signal the test opens and closes: it counts Slack's requests and holds omnictl calls
// while closed.
function heldBusySignal() {
  let touches = 0;
  let held = false;
  let release: () => void = () => {};
  let released = Promise.resolve();
  let announceWait: () => void = () => {};
  const firstWait = new Promise<void>((resolve) => {
    announceWait = resolve;
  });
  const signal: BusySignal = {
    touch: () => {
      touches += 1;
    },
    whenQuiet: () => {
      if (!held) return Promise.resolve();
      announceWait();
      return released;
    },
    stop: () => release(),
  };
  return {
    signal,
    touches: () => touches,
    firstWait,
    hold() {
      held = true;
      released = new Promise((resolve) => {
        release = () => {
          held = false;
          resolve();
        };
      });
    },
    release: () => release(),
  };
}

describe.each(['http', 'socket'] as const)('omnictl while Slack is busy (%s mode)', (mode) => {
  it('each request marks Slack busy, and a report starts omnictl only once Slack is quiet', async () => {
    const busy = heldBusySignal();
    harness = await startHarness({ mode, overrides: { busy: busy.signal } });
    busy.hold();

    const ack = await harness.command('stuck-machines');
    await busy.firstWait;
    const whileBusy = await harness.omniLog();
    busy.release();
    const post = await harness.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL,
    );

    expect(ack.status).toBe(200);
    expect(busy.touches()).toBe(1);
    expect(whileBusy).toEqual([]);
    expect(JSON.stringify(post.params.blocks)).toContain('talos-prod-workers-p7nz2d');
    expect((await harness.omniLog()).map((e) => e.argv.slice(0, 2).join(' '))).toContain('get machines');
  });
});
