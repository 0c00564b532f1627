import { scrubSecret } from '../../omni/scrub-secret.js';
import type { Store } from '../../store/create-store.js';
import type { AuditEntry, RequestRecord } from '../../store/records.js';
import { fail, type Outcome, succeed } from '../outcome.js';
import { buildTimeline } from './build-timeline.js';
import type { TimelineSubject } from './timeline-subject.js';

export type TimelineDocument = {
  markdown: string;
  filename: string;
  title: string;
  // The request's thread, when the timeline is of one request or run.
  channel?: string;
  threadTs?: string;
};

export type TimelineDeps = {
  store: Store;
  clock: () => Date;
  // The values no timeline may hold (tokens, keys), scrubbed from every line taken from a record.
  secrets: () => readonly string[];
};

const DAY_MS = 86_400_000;

function scrubber(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((out, secret) => scrubSecret(out, secret), text);
}

function requestParts(store: Store, request: RequestRecord) {
  const run = store.runs.forRequest(request.id);
  const audit: AuditEntry[] = [...store.audit.forRequest(request.id)];
  if (run) audit.push(...store.timeline.runOnlyAudit(run.id));
  return { run, audit, runs: run ? [{ run, steps: store.runs.steps(run.id) }] : [] };
}

function ofRequest(deps: TimelineDeps, request: RequestRecord, label: string): TimelineDocument {
  const { store } = deps;
  const { run, audit, runs } = requestParts(store, request);
  const now = deps.clock().toISOString();
  const until = run?.finishedAt ?? now;
  const alerts = request.cluster
    ? store.timeline.alertsOfCluster(request.cluster, request.createdAt, until)
    : [];
  const markdown = buildTimeline({
    title: `${label}${request.cluster ? ` (cluster ${request.cluster})` : ''}`,
    generatedAt: now,
    requests: [request],
    audit: [...audit, ...store.timeline.freezesBetween(request.createdAt, until)],
    runs,
    alerts,
    scrub: scrubber(deps.secrets()),
  });
  return {
    markdown,
    filename: `timeline-${run?.id ?? request.id}.md`,
    title: `Timeline of ${label}`,
    channel: request.channel,
    ...(request.cardTs ? { threadTs: request.cardTs } : {}),
  };
}

// Reads the records a timeline is made of and writes it; nothing is changed.
export function readTimeline(
  deps: TimelineDeps,
  subject: TimelineSubject,
  sinceMs?: number,
): Outcome<TimelineDocument> {
  const { store } = deps;
  if (subject.kind === 'request') {
    const request = store.requests.get(subject.id);
    if (!request) return fail('unknown', `No request ${subject.id}.`);
    return succeed(ofRequest(deps, request, `request ${request.id}`));
  }
  if (subject.kind === 'run') {
    const run = store.runs.get(subject.id);
    const request = run ? store.requests.get(run.requestId) : undefined;
    if (!run || !request) return fail('unknown', `No run ${subject.id}.`);
    return succeed(ofRequest(deps, request, `run ${run.id}`));
  }
  const now = deps.clock();
  const since = new Date(now.getTime() - (sinceMs ?? DAY_MS)).toISOString();
  const requests = store.timeline
    .requestIdsOfCluster(subject.cluster, since)
    .map((id) => store.requests.get(id))
    .filter((r): r is RequestRecord => r !== undefined);
  const parts = requests.map((request) => requestParts(store, request));
  const markdown = buildTimeline({
    title: `cluster ${subject.cluster}`,
    generatedAt: now.toISOString(),
    requests,
    audit: [...parts.flatMap((p) => p.audit), ...store.timeline.freezesBetween(since, now.toISOString())],
    runs: parts.flatMap((p) => p.runs),
    alerts: store.timeline.alertsOfCluster(subject.cluster, since, now.toISOString()),
    since,
    scrub: scrubber(deps.secrets()),
  });
  return succeed({
    markdown,
    filename: `timeline-${subject.cluster}.md`,
    title: `Timeline of cluster ${subject.cluster}`,
  });
}
