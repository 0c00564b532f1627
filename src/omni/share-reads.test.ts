import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Omnictl, OmnictlResult } from './run-omnictl.js';
import { shareReads } from './share-reads.js';

// A recording stand-in for the adapter: calls resolve when the test says so.
function recordingOmnictl() {
  const started: string[] = [];
  const finish: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const call = <T>(label: string, value: T) =>
    new Promise<T>((resolve) => {
      started.push(label);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      finish.push(() => {
        running -= 1;
        resolve(value);
      });
    });
  const omnictl: Omnictl = {
    run: (args) =>
      call(args.join(' '), {
        args: [...args],
        exitCode: 0,
        stdout: '',
        stderr: '',
        durationMs: 0,
        warnings: [],
      } as OmnictlResult),
    get: (kind, options) => call(`get ${kind.type} ${options?.selector ?? ''}`.trim(), []),
    version: () => call('--version', 'v1.10.4'),
  };
  return {
    omnictl,
    started,
    finishAll: () => {
      for (const f of finish.splice(0)) f();
    },
    maxRunning: () => maxRunning,
  };
}

const machines = { type: 'machines', schema: z.object({}) };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('shareReads', () => {
  it('shares an identical read already in flight', async () => {
    const fake = recordingOmnictl();
    const shared = shareReads(fake.omnictl, { maxParallel: 3, maxParallelRuns: 2 });

    const reads = [shared.get(machines), shared.get(machines), shared.get(machines)];
    await tick();
    fake.finishAll();
    await Promise.all(reads);

    expect(fake.started).toEqual(['get machines']);
  });

  it('runs at most maxParallel processes at once, and all of them eventually', async () => {
    const fake = recordingOmnictl();
    const shared = shareReads(fake.omnictl, { maxParallel: 2, maxParallelRuns: 2 });

    const calls = [1, 2, 3, 4, 5].map((n) => shared.run(['delete', 'links', String(n)]));
    for (let i = 0; i < 5; i += 1) {
      await tick();
      fake.finishAll();
    }
    await Promise.all(calls);

    expect(fake.started).toHaveLength(5);
    expect(fake.maxRunning()).toBe(2);
  });

  it('frees a slot once the process has ended, while its output is still being parsed', async () => {
    const started: string[] = [];
    const parsed: (() => void)[] = [];
    // Each get's process ends at once (onExit); its parse ends when the test says so.
    const omnictl: Omnictl = {
      run: () => Promise.reject(new Error('not used')),
      get: (kind, options) => {
        started.push(kind.type);
        options?.onExit?.();
        return new Promise((resolve) => parsed.push(() => resolve([])));
      },
      version: () => Promise.reject(new Error('not used')),
    };
    const shared = shareReads(omnictl, { maxParallel: 1, maxParallelRuns: 1 });

    const reads = [shared.get(machines), shared.get({ type: 'clustermachines', schema: z.object({}) })];
    await tick();

    expect(started).toEqual(['machines', 'clustermachines']);
    for (const done of parsed) done();
    await Promise.all(reads);
  });

  it('still runs at most maxParallel processes when a read ends without saying its process ended', async () => {
    const fake = recordingOmnictl();
    const shared = shareReads(fake.omnictl, { maxParallel: 1, maxParallelRuns: 1 });

    const reads = [shared.get(machines), shared.get({ type: 'clustermachines', schema: z.object({}) })];
    await tick();
    expect(fake.started).toEqual(['get machines']);
    fake.finishAll();
    await tick();
    expect(fake.started).toEqual(['get machines', 'get clustermachines']);
    fake.finishAll();
    await Promise.all(reads);
  });

  it('never shares a read that carries its own abort signal', async () => {
    const fake = recordingOmnictl();
    const shared = shareReads(fake.omnictl, { maxParallel: 3, maxParallelRuns: 2 });

    const reads = [shared.get(machines, { signal: new AbortController().signal }), shared.get(machines)];
    await tick();
    fake.finishAll();
    await Promise.all(reads);

    expect(fake.started).toEqual(['get machines', 'get machines']);
  });

  it('gives the steps of runs their own capacity: a step starts while reads fill every read slot', async () => {
    const fake = recordingOmnictl();
    const shared = shareReads(fake.omnictl, { maxParallel: 2, maxParallelRuns: 1 });

    const reads = ['a', 'b', 'c'].map((id) => shared.run(['machine-logs', id]));
    const step = shared.run(['delete', 'clustermachines', 'w3'], { lane: 'run' });
    await tick();

    expect(fake.started).toEqual(['machine-logs a', 'machine-logs b', 'delete clustermachines w3']);
    fake.finishAll();
    await tick();
    fake.finishAll();
    await Promise.all([...reads, step]);
  });

  it('shares identical read-only commands (machine-logs) between callers, never a mutating one', async () => {
    const fake = recordingOmnictl();
    const shared = shareReads(fake.omnictl, { maxParallel: 4, maxParallelRuns: 2 });

    const calls = [
      shared.run(['machine-logs', 'w1', '--tail', '200']),
      shared.run(['machine-logs', 'w1', '--tail', '200']),
      shared.run(['delete', 'links', 'w1']),
      shared.run(['delete', 'links', 'w1']),
    ];
    await tick();
    fake.finishAll();
    await Promise.all(calls);

    expect(fake.started).toEqual(['machine-logs w1 --tail 200', 'delete links w1', 'delete links w1']);
  });
});
