import { OmniError } from '../omni/omni-error.js';
import type { Problem } from './outcome.js';

// Omni's failures have a message made for users; anything else is a bug and propagates.
export function problemFromError(error: unknown): Problem {
  if (error instanceof OmniError) return { kind: error.kind, message: error.userMessage };
  throw error;
}
