import { byteOffset } from './scan-objects.js';

/** JSON.parse of one object found by scanObjects, with an error that says where it was. */
export function parseDocument(text: string, start: number, end: number, baseBytes = 0): unknown {
  try {
    return JSON.parse(text.slice(start, end));
  } catch (error) {
    const at = baseBytes + byteOffset(text, start);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`Invalid JSON object at byte ${at} of the omnictl output: ${reason}`, {
      cause: error,
    });
  }
}

export function truncatedError(text: string, start: number, baseBytes = 0): SyntaxError {
  return new SyntaxError(
    `The omnictl output ends inside the JSON object that starts at byte ${baseBytes + byteOffset(text, start)}`,
  );
}
