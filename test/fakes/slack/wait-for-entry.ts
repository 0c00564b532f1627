import type { EventEmitter } from 'node:events';

// Resolves with the first entry (already recorded, or recorded later) that matches: tests act,
// then wait on the fake's record instead of sleeping.
export function waitForEntry<T>(
  entries: readonly T[],
  emitter: EventEmitter,
  eventName: string,
  matches: (entry: T) => boolean,
  options: { timeoutMs?: number; from?: number; describe: () => string },
): Promise<T> {
  const existing = entries.slice(options.from ?? 0).find(matches);
  if (existing !== undefined) return Promise.resolve(existing);
  // Generous: it only matters when the awaited call never comes, and CI machines are slow and busy.
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise<T>((resolve, reject) => {
    const onEntry = (entry: T) => {
      if (!matches(entry)) return;
      clearTimeout(timer);
      emitter.off(eventName, onEntry);
      resolve(entry);
    };
    const timer = setTimeout(() => {
      emitter.off(eventName, onEntry);
      reject(new Error(`fake Slack: nothing matched within ${timeoutMs} ms; ${options.describe()}`));
    }, timeoutMs);
    emitter.on(eventName, onEntry);
  });
}
