import type { SlackState } from './slack-state.js';

// A Web API method of the fake: synchronous, so state changes and the recorded call happen together
// and a test that awaited `waitFor(...)` always sees the state the answer describes.
export type MethodContext = {
  state: SlackState;
  params: Record<string, unknown>;
  baseUrl: string;
  warn: (message: string) => void;
};

export type MethodResult = Record<string, unknown>;

export type MethodHandler = {
  // Which token the method takes: bot (xoxb-) or app-level (xapp-).
  token: 'bot' | 'app';
  handle: (context: MethodContext) => MethodResult;
};

export function fail(error: string, extra: Record<string, unknown> = {}): MethodResult {
  return { ok: false, error, ...extra };
}

// Slack answers schema problems with the same list twice: `errors` and `[ERROR]` messages.
export function failWithProblems(error: string, problems: string[]): MethodResult {
  return fail(error, {
    errors: problems,
    response_metadata: { messages: problems.map((message) => `[ERROR] ${message}`) },
  });
}

export function missingArgument(name: string): MethodResult {
  return failWithProblems('invalid_arguments', [`missing required field: ${name}`]);
}

// Form bodies carry every value as a string; empty strings count as absent, as in Slack.
export function stringParam(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function booleanParam(params: Record<string, unknown>, key: string): boolean {
  const value = params[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}
