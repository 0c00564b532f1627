import { createHmac } from 'node:crypto';

// v0=hex(HMAC-SHA256(secret, "v0:<timestamp>:<raw body>")) — Slack's request signing (notes §2.1).
export function signRequest(secret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export type PostSignedOptions = {
  body: string;
  signingSecret: string;
  contentType?: string;
  // Unix seconds; defaults to now. Pass an old one to test stale-request rejection.
  timestamp?: number | string;
  // Extra headers, e.g. X-Slack-Retry-Num / X-Slack-Retry-Reason; they win over the defaults.
  headers?: Record<string, string>;
};

export type SignedResponse = { status: number; body: string; ms: number; headers: Headers };

// Sends what Slack sends. The body must be a string: Bolt only accepts a Content-Type of exactly
// application/x-www-form-urlencoded, and fetch adds ";charset=UTF-8" for URLSearchParams bodies.
export async function postSigned(url: string, options: PostSignedOptions): Promise<SignedResponse> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    body: options.body,
    headers: {
      'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': signRequest(options.signingSecret, timestamp, options.body),
      ...options.headers,
    },
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started, headers: response.headers };
}
