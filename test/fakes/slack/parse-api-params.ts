import type { IncomingMessage } from 'node:http';

// Fields the WebClient JSON-stringifies into form bodies (notes §3.1); Slack decodes them.
const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'view', 'files'];

export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Slack accepts query parameters, form bodies (what the WebClient sends) and JSON bodies.
export function parseApiParams(
  raw: Buffer,
  contentType: string | undefined,
  query: URLSearchParams,
): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json' && text.length > 0) {
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === 'object' && body !== null) Object.assign(params, body);
    } catch {
      params.__unparsable_json = text;
    }
  } else if (text.length > 0) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(text)));
  }
  for (const field of JSON_FIELDS) {
    const value = params[field];
    if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) continue;
    try {
      params[field] = JSON.parse(value);
    } catch {
      // Left as a string: the method answers invalid_blocks_format / invalid_arguments.
    }
  }
  return params;
}

export function bearerToken(request: IncomingMessage, params: Record<string, unknown>): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  return typeof params.token === 'string' && params.token !== '' ? params.token : undefined;
}
