import { parseDocument, truncatedError } from './parse-document.js';
import { byteOffset, scanObjects } from './scan-objects.js';

export type ResourceStreamParser = {
  /** Feeds more output; calls onDocument for every object it completes. Chunks may split anywhere. */
  push(chunk: string | Uint8Array): void;
  /** Declares the output finished; throws if it stopped inside an object. */
  end(): void;
};

/**
 * Incremental parseResourceStream for `omnictl get --watch -o json`, whose objects carry an extra
 * `event` key and arrive while the command runs.
 */
export function createResourceStreamParser(onDocument: (document: unknown) => void): ResourceStreamParser {
  // Streaming decode so a multi-byte character split across two chunks survives.
  const decoder = new TextDecoder('utf-8');
  const state = { depth: 0, start: 0 };
  let buffer = '';
  let resumeAt = 0;
  let droppedBytes = 0;
  let ended = false;

  function scan(): void {
    resumeAt = scanObjects(
      buffer,
      resumeAt,
      state,
      (start, stop) => onDocument(parseDocument(buffer, start, stop, droppedBytes)),
      droppedBytes,
    );
    // Keep only the unfinished object so the buffer never grows past one document.
    const keepFrom = state.depth > 0 ? state.start : buffer.length;
    if (keepFrom === 0) return;
    droppedBytes += byteOffset(buffer, keepFrom);
    buffer = buffer.slice(keepFrom);
    resumeAt -= keepFrom;
    state.start = 0;
  }

  return {
    push(chunk) {
      if (ended) throw new Error('push() after end() on a resource stream parser');
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      scan();
    },
    end() {
      if (ended) return;
      ended = true;
      buffer += decoder.decode();
      scan();
      if (state.depth > 0) throw truncatedError(buffer, state.start, droppedBytes);
    },
  };
}
