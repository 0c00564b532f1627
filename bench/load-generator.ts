// Sends signed `/omni stuck-machines` requests to one URL and prints each request's latency as JSON.
// Runs as its own process so its work does not share an event loop with the server it measures.
// Usage: node --import tsx bench/load-generator.ts '{"url":…,"mode":"sequential"|"concurrent"|"rate",…}'
import { setTimeout as delay } from 'node:timers/promises';
import { postSigned, slashCommandBody } from '../test/fakes/slack/slack-requests.js';

export type LoadSpec = {
  url: string;
  signingSecret: string;
  responseUrl: string;
  mode: 'sequential' | 'concurrent' | 'rate';
  count: number;
  // For `rate`: requests per second, sent on schedule whether or not earlier ones were answered.
  perSecond?: number;
};

export type LoadResult = { latencies: number[]; statuses: Record<string, number>; elapsedMs: number };

// Each request from a person of its own: the bot limits commands per person (20 a minute), and the
// benchmark measures a crowd, not one person over the limit.
async function one(spec: LoadSpec, i: number): Promise<{ ms: number; status: number }> {
  const body = slashCommandBody({
    text: 'stuck-machines',
    userId: `U0LOAD${String(i).padStart(4, '0')}`,
    channelId: 'C0OPS',
    responseUrl: spec.responseUrl,
  });
  const { ms, status } = await postSigned(spec.url, { body, signingSecret: spec.signingSecret });
  return { ms, status };
}

async function run(spec: LoadSpec): Promise<{ ms: number; status: number }[]> {
  if (spec.mode === 'sequential') {
    const results = [];
    for (let i = 0; i < spec.count; i += 1) results.push(await one(spec, i));
    return results;
  }
  if (spec.mode === 'concurrent')
    return Promise.all(Array.from({ length: spec.count }, (_, i) => one(spec, i)));
  const interval = 1_000 / (spec.perSecond ?? 10);
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < spec.count; i += 1) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await delay(wait);
    pending.push(one(spec, i));
  }
  return Promise.all(pending);
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const started = performance.now();
const results = await run(spec);
const statuses: Record<string, number> = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
const output: LoadResult = {
  latencies: results.map((r) => r.ms),
  statuses,
  elapsedMs: performance.now() - started,
};
process.stdout.write(JSON.stringify(output));
