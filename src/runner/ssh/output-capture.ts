const DEFAULT_MAX_BYTES = 1024 * 1024;

/** Collects a stream's bytes, keeping the newest `maxBytes` so a chatty command cannot exhaust memory. */
export function createOutputCapture(maxBytes = DEFAULT_MAX_BYTES) {
  const chunks: Buffer[] = [];
  let size = 0;
  let dropped = false;
  return {
    push(chunk: Buffer): void {
      chunks.push(chunk);
      size += chunk.length;
      while (size > maxBytes && chunks.length > 1) {
        size -= chunks.shift()?.length ?? 0;
        dropped = true;
      }
    },
    // Decoded once at the end, so a multi-byte character split across chunks survives.
    text(): string {
      const text = Buffer.concat(chunks).toString('utf8');
      return dropped ? `[earlier output dropped]\n${text}` : text;
    },
  };
}
