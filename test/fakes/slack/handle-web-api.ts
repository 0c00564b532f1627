import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { RecordedCall } from './fake-slack-types.js';
import type { FaultQueue } from './fault-queue.js';
import type { MethodHandler, MethodResult } from './method-context.js';
import { bearerToken, parseApiParams, readRawBody } from './parse-api-params.js';
import type { SlackState } from './slack-state.js';

export type WebApiDeps = {
  state: () => SlackState;
  handlers: Record<string, MethodHandler>;
  faults: FaultQueue;
  baseUrl: () => string;
  record: (call: RecordedCall) => void;
  warn: (method: string, message: string) => void;
};

// POST (or GET) /api/<method>: Slack answers API errors with HTTP 200 and {ok:false}; only
// rate limits (429) and server trouble (5xx) use other statuses (notes §3.2).
export async function handleWebApi(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  query: URLSearchParams,
  deps: WebApiDeps,
): Promise<void> {
  const at = Date.now();
  const params = parseApiParams(await readRawBody(request), request.headers['content-type'], query);
  const token = bearerToken(request, params);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const fault = deps.faults.take(method, { channel: text(params.channel), ts: text(params.ts) });
  if (fault?.delayMs) await delay(fault.delayMs);
  const { status, body, retryAfter } =
    fault?.error !== undefined
      ? { status: fault.status, body: { ok: false, error: fault.error }, retryAfter: fault.retryAfter }
      : { status: 200, body: answer(method, params, token, deps), retryAfter: undefined };
  deps.record({ method, params, token, at, status, response: body });
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
  });
  response.end(JSON.stringify(body));
}

function answer(
  method: string,
  params: Record<string, unknown>,
  token: string | undefined,
  deps: WebApiDeps,
): MethodResult {
  // Slack checks the method name before the token.
  const handler = deps.handlers[method];
  if (!handler) return { ok: false, error: 'unknown_method' };
  const state = deps.state();
  const authError = checkToken(state, handler.token, token);
  if (authError) return { ok: false, error: authError };
  return handler.handle({
    state,
    params,
    baseUrl: deps.baseUrl(),
    warn: (message) => deps.warn(method, message),
  });
}

// A known token of the other kind gets Slack's not_allowed_token_type, an unknown one invalid_auth.
function checkToken(state: SlackState, kind: 'bot' | 'app', token: string | undefined): string | undefined {
  if (token === undefined) return 'not_authed';
  const { botToken, appToken } = state.options;
  if (token === (kind === 'app' ? appToken : botToken)) return undefined;
  if (token === botToken || token === appToken) return 'not_allowed_token_type';
  return 'invalid_auth';
}
