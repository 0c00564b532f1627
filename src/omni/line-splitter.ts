type LineSplitter = { push(chunk: string | Uint8Array): void; end(): void };

/** A line longer than this is cut: what is shown of it (Slack, the output tail) is far shorter. */
const MAX_LINE_CHARS = 16_384;

/** Appended to a line that was cut; the rest of it, up to the next newline, is dropped. */
export const CUT_MARK = '… [line cut]';

type LineSplitterOptions = { maxLineChars?: number };

/**
 * Turns a stream's chunks into complete lines (without the newline or a trailing CR). Linear in
 * the output: each chunk is scanned once, and a line never holds more than `maxLineChars`, so
 * 16 MB without a newline costs a scan, not a quadratic rebuild of one huge string. `cut` says the
 * line was cut (so a caller scrubbing a secret knows the end may hold part of one).
 */
export function createLineSplitter(
  onLine: (line: string, cut: boolean) => void,
  options: LineSplitterOptions = {},
): LineSplitter {
  const maxLineChars = options.maxLineChars ?? MAX_LINE_CHARS;
  const decoder = new TextDecoder('utf-8');
  let parts: string[] = [];
  let length = 0;
  let cut = false;

  // Keeps the piece of the current line, up to the limit; past it, the line is marked cut.
  function keep(piece: string): void {
    if (cut || piece === '') return;
    const room = maxLineChars - length;
    if (piece.length > room) {
      if (room > 0) parts.push(piece.slice(0, room));
      length = maxLineChars;
      cut = true;
      return;
    }
    parts.push(piece);
    length += piece.length;
  }

  function emit(): void {
    let line = parts.length === 1 ? (parts[0] as string) : parts.join('');
    if (!cut && line.endsWith('\r')) line = line.slice(0, -1);
    const wasCut = cut;
    parts = [];
    length = 0;
    cut = false;
    onLine(wasCut ? `${line}${CUT_MARK}` : line, wasCut);
  }

  function scan(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline >= 0) {
      keep(text.slice(start, newline));
      emit();
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    keep(text.slice(start));
  }

  return {
    push(chunk) {
      scan(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      scan(decoder.decode());
      if (length > 0 || cut) emit();
    },
  };
}
