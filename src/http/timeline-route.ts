import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Outcome } from '../recovery/outcome.js';
import type { TimelineDocument } from '../recovery/timeline/read-timeline.js';
import type { TimelineSubject } from '../recovery/timeline/timeline-subject.js';
import type { Route } from './route.js';

const FILE = /^\/timeline\/(r-[0-9a-f]{12}|run-[0-9a-f]{12})\.md$/;

// Compares digests, so neither the token's length nor its first differing byte shows in the timing.
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function text(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * `GET /timeline/<request or run id>.md` with `Authorization: Bearer <TIMELINE_TOKEN>`: the same
 * Markdown `/omni timeline` uploads, for a post-mortem tool. Registered only when the token is set.
 */
export function timelineRoute(options: {
  token: string;
  read: (subject: TimelineSubject) => Promise<Outcome<TimelineDocument>>;
}): Route {
  return {
    path: '/timeline/:file',
    method: 'GET',
    handler: async (req, res) => {
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
      if (!given || !sameToken(given, options.token)) {
        res.setHeader('www-authenticate', 'Bearer');
        return text(res, 401, 'A valid TIMELINE_TOKEN is required (Authorization: Bearer <token>).\n');
      }
      const match = FILE.exec((req.url ?? '').split('?')[0] ?? '');
      const id = match?.[1];
      if (!id) return text(res, 404, 'Not found: ask for /timeline/<request id or run id>.md\n');
      const outcome = await options.read(
        id.startsWith('run-') ? { kind: 'run', id } : { kind: 'request', id },
      );
      if (!outcome.ok) return text(res, 404, `${outcome.problem.message}\n`);
      text(res, 200, outcome.value.markdown, 'text/markdown; charset=utf-8');
    },
  };
}
