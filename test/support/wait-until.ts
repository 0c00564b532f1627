// Polls a probe until it returns a value: for state another process (or the bot) writes.
// The probe may be async (a read of the store).
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | PromiseLike<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
