export type RateLimit = { limit: number; windowMs: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export type RateLimiter = { take(userId: string): RateDecision };

/**
 * At most `limit` commands per person in any `windowMs` (a sliding window, by the injected clock).
 * A refused command does not count. Memory: one timestamp per command still in the window.
 */
export function createRateLimiter(rate: RateLimit, now: () => number): RateLimiter {
  const recent = new Map<string, number[]>();
  return {
    take(userId) {
      const at = now();
      const kept = (recent.get(userId) ?? []).filter((t) => t > at - rate.windowMs);
      if (kept.length >= rate.limit) {
        recent.set(userId, kept);
        return { ok: false, retryAfterMs: (kept[0] as number) + rate.windowMs - at };
      }
      kept.push(at);
      recent.set(userId, kept);
      // Users whose window emptied are forgotten, so the map does not grow with every passer-by.
      if (recent.size > 1_000)
        for (const [user, times] of recent)
          if (times.every((t) => t <= at - rate.windowMs)) recent.delete(user);
      return { ok: true };
    },
  };
}

export function rateLimitedText(rate: RateLimit, retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You have sent ${rate.limit} /omni commands in the last ${Math.round(rate.windowMs / 1000)} s, the most one person may. Try again in ${seconds} s.`;
}
