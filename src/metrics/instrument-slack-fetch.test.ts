import { describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { type Fetch, instrumentSlackFetch } from './instrument-slack-fetch.js';

const API = 'https://slack.com/api/';

// Answers every request with one canned response, as Slack would for that call.
function answering(status: number, body: unknown): Fetch {
  return async () => new Response(JSON.stringify(body), { status, headers: { 'retry-after': '1' } });
}

describe('instrumentSlackFetch', () => {
  it.each([
    { status: 200, body: { ok: false, error: 'not_in_channel' }, series: 'error="not_in_channel"' },
    { status: 500, body: {}, series: 'error="http_500"' },
  ])('counts a failed call ($series)', async ({ status, body, series }) => {
    const metrics = createMetrics({ defaultMetrics: false });
    const fetch = instrumentSlackFetch(metrics, answering(status, body));

    const response = await fetch(`${API}chat.postMessage`, { method: 'POST' });

    expect(await response.json()).toEqual(body);
    expect(await metrics.registry.metrics()).toContain(
      `omni_chatops_slack_api_errors_total{method="chat.postMessage",${series}} 1`,
    );
  });

  it('counts a 429 as rate limited, not as an error', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const fetch = instrumentSlackFetch(metrics, answering(429, { ok: false, error: 'ratelimited' }));

    await fetch(`${API}chat.update`);

    const text = await metrics.registry.metrics();
    expect(text).toContain('omni_chatops_slack_rate_limited_total{method="chat.update"} 1');
    expect(text).not.toContain('omni_chatops_slack_api_errors_total{');
  });

  it('counts nothing for a successful call or a non-API URL', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const ok = instrumentSlackFetch(metrics, answering(200, { ok: true }));
    const upload = instrumentSlackFetch(metrics, answering(500, {}));

    const response = await ok(`${API}auth.test`);
    await upload('https://files.slack.com/upload/v1/abc');

    const text = await metrics.registry.metrics();
    expect(text).not.toContain('omni_chatops_slack_api_errors_total{');
    expect(text).not.toContain('omni_chatops_slack_rate_limited_total{');
    // The client still reads the whole answer, headers included.
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('counts a network failure and rethrows it', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const fetch = instrumentSlackFetch(metrics, async () => {
      throw new TypeError('fetch failed');
    });

    await expect(fetch(`${API}chat.postMessage`)).rejects.toThrow('fetch failed');
    expect(await metrics.registry.metrics()).toContain(
      'omni_chatops_slack_api_errors_total{method="chat.postMessage",error="network_error"} 1',
    );
  });
});
