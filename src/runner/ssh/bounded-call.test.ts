import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundedCall, StalledCall } from './bounded-call.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const never = () => new Promise<never>(() => {});

describe('boundedCall', () => {
  it('gives up on an operation the host never answers, at its timeout', async () => {
    const call = boundedCall('opening an exec channel', { timeoutMs: 30_000 }, never).catch(
      (e: unknown) => e,
    );

    await vi.advanceTimersByTimeAsync(30_000);

    expect(await call).toEqual(new StalledCall('timeout', 'opening an exec channel', 30_000));
    expect(String((await call) as Error)).toContain('no answer to opening an exec channel within 30s');
  });

  it('gives up at once on Cancel, before or while it waits', async () => {
    const controller = new AbortController();
    const call = boundedCall('write /x', { timeoutMs: 30_000, signal: controller.signal }, never).catch(
      (e: unknown) => e,
    );
    controller.abort();

    expect(await call).toMatchObject({ reason: 'aborted', message: 'cancelled during write /x' });
    await expect(boundedCall('read /x', { timeoutMs: 1, signal: controller.signal }, never)).rejects.toThrow(
      'cancelled during read /x',
    );
  });

  it("passes the operation's answer or error through", async () => {
    await expect(boundedCall('stat', { timeoutMs: 10 }, async () => 42)).resolves.toBe(42);
    await expect(
      boundedCall('stat', { timeoutMs: 10 }, async () => {
        throw new Error('No such file');
      }),
    ).rejects.toThrow('No such file');
  });
});
