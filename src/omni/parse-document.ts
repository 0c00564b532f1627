import { scrubSecret } from './scrub-secret.js';

/**
 * JSON.parse of one object of the omnictl output, which starts `at` bytes into it, with an error
 * that says where. A secret omnictl might echo is replaced first (a cheap `includes` when absent),
 * so it never reaches a parsed value or JSON.parse's message.
 */
export function parseDocument(text: string, at: number, secret = ''): unknown {
  try {
    return JSON.parse(scrubSecret(text, secret));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`Invalid JSON object at byte ${at} of the omnictl output: ${reason}`, {
      cause: error,
    });
  }
}

/** Offsets in errors are in bytes of omnictl's UTF-8 output, which is what an operator can `dd`/`head -c`. */
export function truncatedError(at: number): SyntaxError {
  return new SyntaxError(`The omnictl output ends inside the JSON object that starts at byte ${at}`);
}

/** parseDocument for a guessed object: undefined (never a JSON value) instead of an error. */
export function tryParseDocument(text: string, secret = ''): unknown {
  try {
    return JSON.parse(scrubSecret(text, secret));
  } catch {
    return undefined;
  }
}
