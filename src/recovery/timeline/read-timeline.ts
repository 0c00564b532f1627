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

async function requestParts(store: Store, request: RequestRecord) {
  const run = await store.runs.forRequest(request.id);
  const audit: AuditEntry[] = [...(await store.audit.forRequest(request.id))];
  if (run) audit.push(...(await store.timeline.runOnlyAudit(run.id)));
  return { run, audit, runs: run ? [{ run, steps: await store.runs.steps(run.id) }] : [] };
}

async function ofRequest(
  deps: TimelineDeps,
  request: RequestRecord,
  label: string,
): Promise<TimelineDocument> {
  const { store } = deps;
  const { run, audit, runs } = await requestParts(store, request);
  const now = deps.clock().toISOString();
  const until = run?.finishedAt ?? now;
  const alerts = request.cluster
    ? await store.timeline.alertsOfCluster(request.cluster, request.createdAt, until)
    : [];
  const markdown = buildTimeline({
    title: `${label}${request.cluster ? ` (cluster ${request.cluster})` : ''}`,
    generatedAt: now,
    requests: [request],
    audit: [...audit, ...(await store.timeline.freezesBetween(request.createdAt, until))],
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
export async function readTimeline(
  deps: TimelineDeps,
  subject: TimelineSubject,
  sinceMs?: number,
): Promise<Outcome<TimelineDocument>> {
  const { store } = deps;
  if (subject.kind === 'request') {
    const request = await store.requests.get(subject.id);
    if (!request) return fail('unknown', `No request ${subject.id}.`);
    return succeed(await ofRequest(deps, request, `request ${request.id}`));
  }
  if (subject.kind === 'run') {
    const run = await store.runs.get(subject.id);
    const request = run ? await store.requests.get(run.requestId) : undefined;
    if (!run || !request) return fail('unknown', `No run ${subject.id}.`);
    return succeed(await ofRequest(deps, request, `run ${run.id}`));
  }
  const now = deps.clock();
  const since = new Date(now.getTime() - (sinceMs ?? DAY_MS)).toISOString();
  const requests: RequestRecord[] = [];
  for (const id of await store.timeline.requestIdsOfCluster(subject.cluster, since)) {
    const request = await store.requests.get(id);
    if (request !== undefined) requests.push(request);
  }
  const parts = [];
  for (const request of requests) parts.push(await requestParts(store, request));
  const markdown = buildTimeline({
    title: `cluster ${subject.cluster}`,
    generatedAt: now.toISOString(),
    requests,
    audit: [
      ...parts.flatMap((p) => p.audit),
      ...(await store.timeline.freezesBetween(since, now.toISOString())),
    ],
    runs: parts.flatMap((p) => p.runs),
    alerts: await store.timeline.alertsOfCluster(subject.cluster, since, now.toISOString()),
    since,
    scrub: scrubber(deps.secrets()),
  });
  return succeed({
    markdown,
    filename: `timeline-${subject.cluster}.md`,
    title: `Timeline of cluster ${subject.cluster}`,
  });
}
