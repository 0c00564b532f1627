// Scanning works on bytes: `"`, `\`, `{` and `}` never occur inside a multi-byte UTF-8 character,
// and it saves decoding every chunk to a string and copying it again to join chunks.

type ScanState = {
  /** Brace depth inside the open object; 0 between objects. */
  depth: number;
  /** Inside a string of the open object. */
  inString: boolean;
  /** Bytes at the start of the next chunk that belong to an escape begun in this one (0 or 1). */
  skip: number;
  /** Bytes of a BOM (EF BB BF) seen so far between objects. */
  bom: number;
};

export function scanState(): ScanState {
  return { depth: 0, inString: false, skip: 0, bom: 0 };
}

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const bomBytes = [0xef, 0xbb, 0xbf];
const lineStartBrace = Buffer.from('\n}');

/**
 * Skips whitespace and BOMs between objects: the index of the first other byte from `from`, or
 * `bytes.length`. Only a `{` with no BOM half-read (`state.bom` 0) may come next.
 */
export function skipBetween(bytes: Uint8Array, from: number, state: ScanState): number {
  let i = from;
  while (i < bytes.length) {
    const code = bytes[i] as number;
    if (code === bomBytes[state.bom]) state.bom = (state.bom + 1) % bomBytes.length;
    else if (state.bom > 0 || !isWhitespace(code)) return i;
    i++;
  }
  return i;
}

export function isObjectStart(bytes: Uint8Array, index: number, state: ScanState): boolean {
  return bytes[index] === openBrace && state.bom === 0;
}

/**
 * Follows an object from `from` (its `{`, or the chunk's start when it continues from the previous
 * chunk) and returns the index after its closing `}`, or -1 when the chunk ends first (`state`
 * carries on). Brackets are not tracked: JSON.parse checks the object afterwards.
 */
export function findObjectEnd(bytes: Uint8Array, from: number, state: ScanState): number {
  const length = bytes.length;
  let { depth, inString } = state;
  let i = from + state.skip;
  state.skip = 0;
  while (i < length) {
    if (inString) {
      // A tight loop: most of a resource's bytes are inside strings.
      let code = bytes[i] as number;
      while (code !== quote) {
        i += code === backslash ? 2 : 1;
        if (i >= length) break;
        code = bytes[i] as number;
      }
      if (i >= length) break;
      inString = false;
    } else {
      const code = bytes[i] as number;
      if (code === quote) inString = true;
      else if (code === openBrace) depth++;
      else if (code === closeBrace && --depth === 0) {
        state.depth = 0;
        state.inString = false;
        return i + 1;
      }
    }
    i++;
  }
  state.depth = depth;
  state.inString = inString;
  state.skip = i - length;
  return -1;
}

/**
 * omnictl pretty-prints, so each top-level object ends with a `}` that starts a line (a raw
 * newline cannot occur inside a JSON string). The index after the first such `}` from `from`, or
 * -1: a guess, much cheaper than findObjectEnd, that the caller must confirm with JSON.parse.
 * Takes a Buffer for its native substring search.
 */
export function guessObjectEnd(bytes: Buffer, from: number): number {
  const at = bytes.indexOf(lineStartBrace, from);
  return at < 0 ? -1 : at + lineStartBrace.length;
}

// Space, LF, CR and tab are tolerated between objects.
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
