import { OmniError } from '../omni/omni-error.js';

export type ReadOrNote<T> = { ok: true; value: T } | { ok: false; note: string };

// A report made of several reads answers with the ones that worked and names the ones that did
// not, with Omni's reason: one unreadable resource (an older Omni, a narrower role) must not
// silence the whole answer. Anything but an Omni failure is a bug and propagates.
export async function readOrNote<T>(what: string, read: () => Promise<T>): Promise<ReadOrNote<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (!(error instanceof OmniError)) throw error;
    return { ok: false, note: `${what} could not be read: ${error.userMessage}` };
  }
}
