import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesceEdits } from './coalesce-edits.js';

const START = Date.parse('2026-08-22T09:30:00Z');

// Records each edit with the (fake) time it went out; `answerAfterMs` makes Slack slow to answer.
function recorder(answerAfterMs = 0) {
  const sent: { message: string; final: boolean; at: number }[] = [];
  const edits = coalesceEdits<string>({
    clock: () => new Date(Date.now()),
    minIntervalMs: 1_000,
    send: async (message, final) => {
      sent.push({ message, final, at: Date.now() - START });
      if (answerAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, answerAfterMs));
    },
  });
  return { edits, sent };
}

describe('coalesceEdits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends progress at most once per interval, and only the newest state of each interval', async () => {
    const { edits, sent } = recorder();
    edits.progress(() => 'too soon after the post');
    edits.progress(() => 'a');
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ message: 'a', final: false, at: 1_000 }]);

    await vi.advanceTimersByTimeAsync(1_500);
    edits.progress(() => 'b');
    edits.progress(() => 'c');
    await vi.advanceTimersByTimeAsync(10_000);

    // After a quiet interval the first state goes out at once; the next waits out the interval.
    expect(sent.map((s) => [s.message, s.at])).toEqual([
      ['a', 1_000],
      ['b', 2_500],
      ['c', 3_500],
    ]);
  });

  it('renders a progress state only when it goes out', async () => {
    const { edits } = recorder();
    const render = vi.fn(() => 'state');
    edits.progress(render);
    edits.progress(render);
    edits.progress(render);
    await vi.advanceTimersByTimeAsync(1_000);

    expect(render).toHaveBeenCalledTimes(1);
  });

  it('sends the final edit once, in place of a progress edit waiting for its timer', async () => {
    const { edits, sent } = recorder();
    edits.progress(() => 'progress');
    await vi.advanceTimersByTimeAsync(300);
    let done = false;
    const final = edits.final('done').then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(699);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await final;
    await vi.advanceTimersByTimeAsync(10_000);

    expect(sent).toEqual([{ message: 'done', final: true, at: 1_000 }]);
  });

  it('with Slack slow to answer, waits for the edit in flight and then the interval; a superseded edit is skipped', async () => {
    const { edits, sent } = recorder(1_500);
    await vi.advanceTimersByTimeAsync(1_000);
    edits.progress(() => 'first'); // sent at 1,000; answered at 2,500
    await vi.advanceTimersByTimeAsync(100);
    edits.progress(() => 'second'); // queued at 2,000, behind the edit in flight
    await vi.advanceTimersByTimeAsync(1_000);

    const final = edits.final('done');
    await vi.advanceTimersByTimeAsync(10_000);
    await final;

    expect(sent.map((s) => [s.message, s.at])).toEqual([
      ['first', 1_000],
      ['done', 3_500],
    ]);
  });
});
