// Loaded with `node --import` into a bot process to stand for a host whose clock is off: Date.now()
// and `new Date()` run TEST_CLOCK_SKEW_MS ahead (negative: behind) for the replica named by
// TEST_CLOCK_SKEW_REPLICA (every replica when unset). Monotonic timers are left alone.
const skewMs = Number(process.env.TEST_CLOCK_SKEW_MS ?? 0);
const only = process.env.TEST_CLOCK_SKEW_REPLICA;
if (skewMs !== 0 && (only === undefined || only === process.env.REPLICA_ID)) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + skewMs);
      else super(...args);
    }
    static now() {
      return realNow() + skewMs;
    }
  }
  globalThis.Date = SkewedDate;
}
