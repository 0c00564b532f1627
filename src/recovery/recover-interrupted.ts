import type { StartupDeps } from './approval-deps.js';
import { leftBehind } from './left-behind.js';
import { announceInterrupted, interruptRun } from './request-lifecycle.js';

// At start-up, a run still marked running belonged to a process that died: say so in its thread.
// Only runs left behind (left-behind.ts): another live replica's run is not touched. Each is
// interrupted only if it is still as read (running, same owner), so two replicas starting at once
// report an ownerless run once.
export async function recoverInterrupted(deps: StartupDeps): Promise<number> {
  let interrupted = 0;
  for (const run of await deps.store.runs.running()) {
    if (!leftBehind(deps, run)) continue;
    const only = { owner: run.owner ?? null };
    if (!(await interruptRun(deps, run, 'The bot stopped during this run.', { only }))) continue;
    interrupted += 1;
    const request = await deps.store.requests.get(run.requestId);
    if (!request) continue;
    try {
      await announceInterrupted(deps, request, run.id);
    } catch (error) {
      deps.logger.warn({ err: error, runId: run.id }, 'could not announce an interrupted run');
    }
  }
  return interrupted;
}
