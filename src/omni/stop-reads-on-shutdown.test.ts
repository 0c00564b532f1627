import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OmniError } from './omni-error.js';
import type { OmniFailure } from './omni-failure.js';
import type { Omnictl, OmnictlResult } from './run-omnictl.js';
import { stopReadsOnShutdown } from './stop-reads-on-shutdown.js';

const KIND = { type: 'Clusters.omni.sidero.dev', namespace: 'default', schema: z.unknown() } as never;
const ABORTED: OmniFailure = {
  kind: 'aborted',
  message: 'The omnictl command was cancelled before it finished.',
  detail: '',
};

// A stand-in adapter whose calls end only when aborted (as omnictl does once killed) or finished.
function pendingOmnictl() {
  const calls: { args: string; signal?: AbortSignal; finish: () => void }[] = [];
  const call = <T>(args: string, signal: AbortSignal | undefined, done: T, aborted: () => T) =>
    new Promise<T>((resolve, reject) => {
      calls.push({ args, signal, finish: () => resolve(done) });
      signal?.addEventListener(
        'abort',
        () => {
          try {
            resolve(aborted());
          } catch (error) {
            reject(error);
          }
        },
        { once: true },
      );
    });
  const result = (args: readonly string[], failure?: OmniFailure): OmnictlResult => ({
    args: [...args],
    exitCode: failure ? -1 : 0,
    stdout: '',
    stderr: '',
    durationMs: 1,
    warnings: [],
    ...(failure ? { failure } : {}),
  });
  const throwAborted = (): never => {
    throw new OmniError(ABORTED);
  };
  const omnictl: Omnictl = {
    run: (args, options) => call(args.join(' '), options?.signal, result(args), () => result(args, ABORTED)),
    get: (_kind, options) => call('get', options?.signal, [], throwAborted),
    version: (options) => call('--version', options?.signal, 'v1.10.4', throwAborted),
  };
  return { omnictl, calls };
}

describe('stopReadsOnShutdown', () => {
  it('stops reads at shutdown and says why, in a result and in a thrown error', async () => {
    const inner = pendingOmnictl();
    const { omnictl, stopReads } = stopReadsOnShutdown(inner.omnictl);

    const run = omnictl.run(['get', 'clusters']);
    const get = omnictl.get(KIND).catch((error: unknown) => error);
    stopReads();

    expect((await run).failure?.message).toMatch(/shutting down and stopped this omnictl call/);
    expect(await get).toBeInstanceOf(OmniError);
    expect(((await get) as OmniError).userMessage).toMatch(/Run the command again once the bot is back/);
  });

  it('leaves a call with its own signal (a run step) running, and idle() waits for it', async () => {
    const inner = pendingOmnictl();
    const { omnictl, stopReads, idle } = stopReadsOnShutdown(inner.omnictl);
    const own = new AbortController();

    const step = omnictl.run(['delete', 'clustermachines', 'w3'], { signal: own.signal });
    stopReads();
    let idleDone = false;
    const waiting = idle().then(() => {
      idleDone = true;
    });
    await new Promise((resolve) => setImmediate(resolve));

    expect(idleDone).toBe(false);
    inner.calls[0]?.finish();
    await waiting;
    expect((await step).failure).toBeUndefined();
    expect(inner.calls[0]?.signal).toBe(own.signal);
  });

  it('refuses reads after the shutdown without starting omnictl', async () => {
    const inner = pendingOmnictl();
    const { omnictl, stopReads, idle } = stopReadsOnShutdown(inner.omnictl);
    stopReads();

    const run = await omnictl.run(['get', 'clusters']);
    const get = await omnictl.get(KIND).catch((error: unknown) => error);
    const version = await omnictl.version().catch((error: unknown) => error);
    await idle();

    expect(inner.calls).toEqual([]);
    expect(run.failure?.kind).toBe('aborted');
    expect(run.failure?.message).toMatch(/shutting down/);
    expect((get as OmniError).kind).toBe('aborted');
    expect((version as OmniError).userMessage).toMatch(/shutting down/);
  });

  it('keeps the plain cancel message for a call aborted by its own signal before any shutdown', async () => {
    const inner = pendingOmnictl();
    const { omnictl } = stopReadsOnShutdown(inner.omnictl);
    const own = new AbortController();

    const step = omnictl.run(['cluster', 'machine', 'delete', 'w3'], { signal: own.signal });
    own.abort();

    expect((await step).failure?.message).toBe(ABORTED.message);
  });
});
