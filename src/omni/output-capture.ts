const DEFAULT_MAX_BYTES = 1024 * 1024;

export const DROPPED_NOTE = '[earlier output dropped]\n';

/** Collects a stream's bytes, keeping the newest `maxBytes` so a chatty command cannot exhaust memory. */
export function createOutputCapture(maxBytes = DEFAULT_MAX_BYTES) {
  const chunks: Buffer[] = [];
  let size = 0;
  let dropped = false;
  return {
    push(chunk: Uint8Array): void {
      // A chunk may be a view of a buffer its producer reuses: keep a copy of at most maxBytes.
      const kept = chunk.length > maxBytes ? chunk.subarray(chunk.length - maxBytes) : chunk;
      if (kept !== chunk) dropped = true;
      chunks.push(Buffer.from(kept));
      size += kept.length;
      while (size > maxBytes && chunks.length > 1) {
        size -= chunks.shift()?.length ?? 0;
        dropped = true;
      }
    },
    /** Earlier output was dropped: the text is the tail. */
    get dropped(): boolean {
      return dropped;
    },
    // Decoded once at the end, so a multi-byte character split across chunks survives.
    raw(): string {
      return Buffer.concat(chunks).toString('utf8');
    },
    text(): string {
      return dropped ? `${DROPPED_NOTE}${this.raw()}` : this.raw();
    },
  };
}
