import type { Store } from '../store/create-store.js';
import type { RequestRecord, RunRecord } from '../store/records.js';

export type HistoryEntry = {
  request: RequestRecord;
  run?: RunRecord;
  approvers: string[];
  durationMs?: number;
};

export async function listHistory(store: Store, limit: number): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  for (const request of await store.requests.recent(limit)) {
    const run = await store.runs.forRequest(request.id);
    // A run that never reached a step (refused at approval, or the bot stopped first) took no time.
    const ran = run !== undefined && (await store.runs.steps(run.id)).length > 0;
    const durationMs =
      ran && run.finishedAt !== null ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : undefined;
    entries.push({ request, run, approvers: await store.decisions.approvers(request.id), durationMs });
  }
  return entries;
}
