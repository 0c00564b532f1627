export type ScanState = {
  /** Brace depth at `from`; 0 between objects. */
  depth: number;
  /** Index where the object being scanned starts (meaningful while depth > 0). */
  start: number;
};

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/**
 * Finds top-level `{…}` objects in `text` from `from`, calling `onObject(start, end)` for each
 * complete one, and returns where scanning stopped: the end of the text, or the start of an
 * unterminated string (so an incremental caller can resume there with more text).
 * Brackets inside objects are not tracked: JSON.parse checks each object afterwards.
 */
export function scanObjects(
  text: string,
  from: number,
  state: ScanState,
  onObject: (start: number, end: number) => void,
  baseBytes = 0,
): number {
  const length = text.length;
  let i = from;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === quote && state.depth > 0) {
      const close = findStringEnd(text, i + 1);
      if (close < 0) return i;
      i = close + 1;
      continue;
    }
    if (code === openBrace) {
      if (state.depth === 0) state.start = i;
      state.depth++;
    } else if (code === closeBrace && state.depth > 0) {
      state.depth--;
      if (state.depth === 0) onObject(state.start, i + 1);
    } else if (state.depth === 0 && !isWhitespace(code)) {
      throw garbageError(text, i, baseBytes);
    }
    i++;
  }
  return length;
}

// indexOf is native and much faster than a character loop over long string values.
function findStringEnd(text: string, from: number): number {
  let close = text.indexOf('"', from);
  while (close >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === backslash) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return -1;
}

// Space, tab, CR, LF and a BOM are tolerated between objects.
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

function garbageError(text: string, index: number, baseBytes: number): SyntaxError {
  const snippet = JSON.stringify(text.slice(index, index + 40));
  return new SyntaxError(
    `Unexpected text at byte ${baseBytes + byteOffset(text, index)} of the omnictl output, outside any JSON object: ${snippet}`,
  );
}

/** Offsets in errors are in bytes of omnictl's UTF-8 output, which is what an operator can `dd`/`head -c`. */
export function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index));
}
