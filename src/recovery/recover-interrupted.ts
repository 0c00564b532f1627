import type { StartupDeps } from './approval-deps.js';
import { interruptRun } from './request-lifecycle.js';

// At start-up, a run still marked running belonged to a process that died: say so in its thread.
export async function recoverInterrupted(deps: StartupDeps): Promise<number> {
  const runs = await deps.store.runs.running();
  for (const run of runs) {
    await interruptRun(deps, run, 'The bot stopped during this run.');
    const request = await deps.store.requests.get(run.requestId);
    if (!request) continue;
    try {
      await deps.notifier.notify({
        kind: 'run-interrupted',
        request,
        plan: request.plan,
        run: (await deps.store.runs.get(run.id))!,
        steps: await deps.store.runs.steps(run.id),
      });
    } catch (error) {
      deps.logger.warn({ err: error, runId: run.id }, 'could not announce an interrupted run');
    }
  }
  return runs.length;
}
