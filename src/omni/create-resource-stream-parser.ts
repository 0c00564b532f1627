import { parseDocument, truncatedError, tryParseDocument } from './parse-document.js';
import { findObjectEnd, guessObjectEnd, isObjectStart, scanState, skipBetween } from './scan-objects.js';

type ResourceStreamParser = {
  /** Feeds more output; calls onDocument for every object it completes. Chunks may split anywhere. */
  push(chunk: string | Uint8Array): void;
  /** Declares the output finished; throws if it stopped inside an object. */
  end(): void;
};

type ResourceStreamParserOptions = {
  /** Replaced by `[REDACTED]` in every document and error, in case omnictl echoes it. */
  secret?: string;
  /**
   * Largest single object held while it is incomplete (default 64 MiB; an Omni resource is a few
   * KB): output that opens an object and never closes it must not grow the bot without bound.
   */
  maxObjectBytes?: number;
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Parses `omnictl get -o json` output as it arrives: concatenated pretty-printed objects, not an
 * array (notes §2.2); with `--watch` each also carries an `event` key. Holds at most one
 * unfinished object. Errors are SyntaxErrors naming the byte offset in the output.
 * An object's end is guessed first (guessObjectEnd) and confirmed by JSON.parse; the byte-by-byte
 * scan (findObjectEnd) runs only for an object cut by a chunk boundary or when a guess fails.
 */
export function createResourceStreamParser(
  onDocument: (document: unknown) => void,
  options: ResourceStreamParserOptions = {},
): ResourceStreamParser {
  const secret = options.secret ?? '';
  const maxObjectBytes = options.maxObjectBytes ?? 64 * 1024 * 1024;
  const state = scanState();
  // The unfinished object's bytes from earlier chunks (copied: a caller may reuse its buffer).
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  // Bytes of output before the current chunk.
  let offset = 0;
  // Off for good once a guessed end fails to parse: the output is not laid out as expected.
  let guessing = true;
  let ended = false;
  let failed = false;

  function emit(bytes: Uint8Array, start: number, end: number): void {
    const at = start >= 0 ? offset + start : offset - pendingBytes;
    const piece = bytes.subarray(Math.max(start, 0), end);
    const whole = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
    pending = [];
    pendingBytes = 0;
    onDocument(parseDocument(decoder.decode(whole), at, secret));
  }

  function keep(bytes: Uint8Array, from: number): void {
    // A copy, not a view: Buffer#slice shares memory, and the caller may reuse its buffer.
    pending.push(Uint8Array.prototype.slice.call(bytes, from));
    pendingBytes += bytes.length - from;
    if (pendingBytes > maxObjectBytes) {
      const at = offset + bytes.length - pendingBytes;
      throw new SyntaxError(
        `The JSON object that starts at byte ${at} of the omnictl output is larger than ${maxObjectBytes} bytes`,
      );
    }
  }

  // Emits the object from `start` to a guessed `end` if JSON.parse confirms it is one.
  function emitGuessed(bytes: Uint8Array, start: number, end: number): boolean {
    const document = tryParseDocument(decoder.decode(bytes.subarray(start, end)), secret);
    if (document === undefined) {
      guessing = false;
      return false;
    }
    onDocument(document);
    return true;
  }

  function scan(bytes: Uint8Array): void {
    let i = 0;
    if (state.depth > 0) {
      i = findObjectEnd(bytes, 0, state);
      if (i < 0) {
        keep(bytes, 0);
        return;
      }
      emit(bytes, -1, i);
    }
    let guessable = guessing;
    const searchable = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (;;) {
      i = skipBetween(bytes, i, state);
      if (i >= bytes.length) return;
      if (!isObjectStart(bytes, i, state)) throw garbageError(bytes, i, offset, secret);
      const start = i;
      const guess = guessable ? guessObjectEnd(searchable, start) : -1;
      if (guess >= 0 && emitGuessed(bytes, start, guess)) {
        i = guess;
        continue;
      }
      // No line-start `}` is left in this chunk, or guessing is off: follow this object byte by byte.
      guessable = false;
      i = findObjectEnd(bytes, start, state);
      if (i < 0) {
        keep(bytes, start);
        return;
      }
      emit(bytes, start, i);
    }
  }

  function refuseAfterError(call: string): void {
    // A throw can leave the scan mid-object: what follows would be misread.
    if (failed) throw new Error(`${call} after an error on a resource stream parser`);
  }

  return {
    push(chunk) {
      if (ended) throw new Error('push() after end() on a resource stream parser');
      refuseAfterError('push()');
      try {
        const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
        scan(bytes);
        offset += bytes.length;
      } catch (error) {
        failed = true;
        throw error;
      }
    },
    end() {
      if (ended) return;
      refuseAfterError('end()');
      ended = true;
      if (state.depth > 0) throw truncatedError(offset - pendingBytes);
    },
  };
}

function garbageError(bytes: Uint8Array, index: number, offset: number, secret: string): SyntaxError {
  // 160 bytes hold the 40 characters shown even if every one takes four.
  const text = decoder.decode(bytes.subarray(index, index + 160)).slice(0, 40);
  const snippet = sharesPartOf(text, secret) ? '[REDACTED]' : JSON.stringify(text);
  return new SyntaxError(
    `Unexpected text at byte ${offset + index} of the omnictl output, outside any JSON object: ${snippet}`,
  );
}

// The snippet may hold only the start of an echoed key (its rest not yet received), which a
// search for the whole key would miss. A short snippet at the end of a chunk is checked whole.
function sharesPartOf(text: string, secret: string): boolean {
  if (secret.length < 8 || text.length === 0) return false;
  const piece = Math.min(8, text.length);
  for (let i = 0; i + piece <= text.length; i++) {
    if (secret.includes(text.slice(i, i + piece))) return true;
  }
  return false;
}
