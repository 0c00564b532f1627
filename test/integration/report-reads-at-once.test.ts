import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationLogEntry } from '../fakes/omnictl/fake-omni.js';
import { type Harness, startHarness } from '../support/bot-harness.js';

// Issue #17: a report's time to answer is its slowest read, not the sum of its reads. The fake's
// `get machines` is held for a while; every other read the report needs must have started (and
// answered) before it answers, not after.
const HELD_MS = 2_000;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const named = (log: InvocationLogEntry[], ...words: string[]) =>
  log.filter((e) => words.every((word, i) => e.argv[i] === word));

describe('a report starts all its reads at once', () => {
  it('status: the provider, key and cluster-phase reads start while the machines are still being read', async () => {
    harness = await startHarness();
    await harness.omni.injectFault({ match: ['get', 'machines'], delayMs: HELD_MS });
    const before = (await harness.omni.readLog()).length;
    const from = harness.slack.calls.length;

    await harness.command('status');
    const post = await harness.slack.waitFor((c) => c.method === 'chat.postMessage', {
      from,
      timeoutMs: 15_000,
    });

    expect(JSON.stringify(post.params.blocks)).toContain('*Machines*\\n6 machines');
    const log = (await harness.omni.readLog()).slice(before);
    const machinesReads = named(log, 'get', 'machines');
    expect(machinesReads).toHaveLength(1);
    const [machines] = machinesReads;
    const others = [
      ...named(log, 'get', 'infraprovidercombinedstatuses'),
      ...named(log, 'get', 'infraproviderhealthstatuses'),
      ...named(log, 'serviceaccount', 'list'),
      ...named(log, 'get', 'clusterstatuses'),
    ];
    expect(others.map((e) => e.argv.slice(0, 2).join(' ')).sort()).toEqual([
      'get clusterstatuses',
      'get infraprovidercombinedstatuses',
      'get infraproviderhealthstatuses',
      'serviceaccount list',
    ]);
    // Each was answered before the held machines read was: none waited for it.
    for (const entry of others) expect(Date.parse(entry.at)).toBeLessThan(Date.parse(machines!.at));
    // Still one read of each: nothing read twice.
    expect(named(log, 'get', 'machines')).toHaveLength(1);
  });
});
