import type { Metrics } from './create-metrics.js';

export type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

// The last path segment of a Web API URL (`…/api/chat.postMessage`); undefined for other URLs (uploads).
function methodOf(url: string | URL): string | undefined {
  const last = new URL(String(url)).pathname.split('/').pop() ?? '';
  return /^[a-z]+(\.[a-zA-Z0-9]+)+$/.test(last) ? last : undefined;
}

async function slackErrorOf(response: Response): Promise<string | undefined> {
  if (response.status !== 200) return `http_${response.status}`;
  try {
    const body = (await response.clone().json()) as { ok?: unknown; error?: unknown };
    if (body.ok !== false) return undefined;
    return typeof body.error === 'string' ? body.error : 'unknown';
  } catch {
    return undefined;
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
    const error = await slackErrorOf(response);
    if (error) metrics.recordSlackError(method, error);
    return response;
  };
}
