export type LineSplitter = { push(chunk: string | Uint8Array): void; end(): void };

/** Turns a stream's chunks into complete lines (without the newline or a trailing CR). */
export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  const decoder = new TextDecoder('utf-8');
  let pending = '';

  function emitComplete(): void {
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }

  return {
    push(chunk) {
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      emitComplete();
    },
    end() {
      pending += decoder.decode();
      emitComplete();
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}
