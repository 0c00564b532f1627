import type { FailOptions } from './fake-slack-types.js';

// `error` undefined = only a delay, then the method answers normally.
export type Fault = { error?: string; status: number; retryAfter?: number; delayMs?: number };

export type FaultQueue = {
  failNext: (method: string, options?: FailOptions) => void;
  // Consumes one planned failure for the method (and the call's channel and ts), if any.
  take: (method: string, call?: { channel?: string; ts?: string }) => Fault | undefined;
  clear: () => void;
};

// Planned failures per method, used in order; each lasts `times` calls (default 1). One planned for a
// channel (or a message ts) lets other calls through untouched.
export function createFaultQueue(): FaultQueue {
  type Planned = { fault: Fault; remaining: number; channel?: string; ts?: string };
  const planned = new Map<string, Planned[]>();
  const applies = (p: Planned, call: { channel?: string; ts?: string }) =>
    (p.channel === undefined || p.channel === call.channel) && (p.ts === undefined || p.ts === call.ts);
  return {
    failNext(method, options = {}) {
      const fault = toFault(options);
      const queue = planned.get(method) ?? [];
      queue.push({ fault, remaining: options.times ?? 1, channel: options.channel, ts: options.ts });
      planned.set(method, queue);
    },
    take(method, call = {}) {
      const queue = planned.get(method) ?? [];
      const index = queue.findIndex((p) => applies(p, call));
      const next = queue[index];
      if (!next) return undefined;
      next.remaining -= 1;
      if (next.remaining <= 0) queue.splice(index, 1);
      return next.fault;
    },
    clear() {
      planned.clear();
    },
  };
}

function toFault(options: FailOptions): Fault {
  if (options.retryAfter !== undefined) {
    return { error: 'ratelimited', status: 429, retryAfter: options.retryAfter, delayMs: options.delayMs };
  }
  if (options.status !== undefined) {
    if (options.status < 500) throw new Error('failNext: status must be 5xx (use retryAfter for 429)');
    return { error: options.error ?? 'fatal_error', status: options.status, delayMs: options.delayMs };
  }
  if (options.error === undefined && options.delayMs !== undefined)
    return { status: 200, delayMs: options.delayMs };
  return { error: options.error ?? 'fatal_error', status: 200, delayMs: options.delayMs };
}
