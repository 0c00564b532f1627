import type { ApprovalDeps } from './approval-deps.js';

// At start-up, a run still marked running belonged to a process that died: say so in its thread.
export async function recoverInterrupted(deps: ApprovalDeps): Promise<number> {
  const at = deps.clock().toISOString();
  const runs = deps.store.runs.running();
  for (const run of runs) {
    deps.store.transaction(() => {
      deps.store.runs.interruptSteps(run.id, at);
      deps.store.runs.finish(run.id, 'interrupted', at, 'The bot stopped during this run.');
      deps.store.requests.transition(
        run.requestId,
        'running',
        'interrupted',
        'The bot stopped during this run.',
      );
      deps.store.locks.releaseRun(run.id);
      deps.store.audit.append({
        at,
        actor: 'bot',
        action: 'run.interrupted',
        requestId: run.requestId,
        runId: run.id,
        detail: {},
      });
    });
    const request = deps.store.requests.get(run.requestId);
    if (!request) continue;
    try {
      await deps.announcer.runInterrupted(
        request,
        request.plan,
        deps.store.runs.get(run.id)!,
        deps.store.runs.steps(run.id),
      );
    } catch (error) {
      deps.logger.warn({ err: error, runId: run.id }, 'could not announce an interrupted run');
    }
  }
  return runs.length;
}
