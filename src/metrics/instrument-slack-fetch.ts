import type { Metrics } from './create-metrics.js';

export type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

// The last path segment of a Web API URL (`…/api/chat.postMessage`); undefined for other URLs (uploads).
function methodOf(url: string | URL): string | undefined {
  const last = new URL(String(url)).pathname.split('/').pop() ?? '';
  return /^[a-z]+(\.[a-zA-Z0-9]+)+$/.test(last) ? last : undefined;
}

// Reads the body once and hands the client a fresh Response with the same text: cloning a
// Response tees its stream, which costs several times more per Slack call on Node 20.
async function withSlackError(response: Response): Promise<{ response: Response; error?: string }> {
  if (response.status !== 200) return { response, error: `http_${response.status}` };
  const text = await response.text();
  const copy = new Response(text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (body.ok !== false) return { response: copy };
    return { response: copy, error: typeof body.error === 'string' ? body.error : 'unknown' };
  } catch {
    return { response: copy };
  }
}

/**
 * A `fetch` for WebClientOptions: counts Slack errors and 429s for every client built with it (the
 * bot's own WebClient and Bolt's), because Bolt creates its clients itself and they emit nothing we can
 * subscribe to before they exist.
 */
export function instrumentSlackFetch(
  metrics: Pick<Metrics, 'recordSlackError' | 'recordSlackRateLimited'>,
  base: Fetch = globalThis.fetch,
): Fetch {
  return async (url, init) => {
    const method = methodOf(url);
    let response: Response;
    try {
      response = await base(url, init);
    } catch (error) {
      if (method) metrics.recordSlackError(method, 'network_error');
      throw error;
    }
    if (!method) return response;
    if (response.status === 429) {
      metrics.recordSlackRateLimited(method);
      return response;
    }
    const checked = await withSlackError(response);
    if (checked.error) metrics.recordSlackError(method, checked.error);
    return checked.response;
  };
}
