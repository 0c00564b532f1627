import type { Store } from '../store/create-store.js';
import type { RequestRecord, RunRecord } from '../store/records.js';

export type HistoryEntry = {
  request: RequestRecord;
  run?: RunRecord;
  approvers: string[];
  durationMs?: number;
};

export function listHistory(store: Store, limit: number): HistoryEntry[] {
  return store.requests.recent(limit).map((request) => {
    const run = store.runs.forRequest(request.id);
    // A run that never reached a step (refused at approval, or the bot stopped first) took no time.
    const ran = run !== undefined && store.runs.steps(run.id).length > 0;
    const durationMs =
      ran && run.finishedAt !== null ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : undefined;
    return { request, run, approvers: store.decisions.approvers(request.id), durationMs };
  });
}
