import type { Plan } from '../procedures/shared/plan.js';
import type { RunEvent, RunResult } from '../runner/run-events.js';
import { runPlan } from '../runner/run-plan.js';
import { createRunProgress } from '../runner/run-progress.js';
import type { RequestRecord } from '../store/records.js';
import type { RunDeps } from './approval-deps.js';
import { describeFreeze, readFreeze } from './freeze/freeze-state.js';
import { finishRun, startRun } from './request-lifecycle.js';
import { holdRunLease, type RunLease } from './run-lease.js';

// Every step is written to the store before it starts and after it ends, so a crash loses nothing.
async function recordEvent(deps: RunDeps, runId: string, event: RunEvent): Promise<void> {
  const at = deps.clock().toISOString();
  if (event.type === 'step-started') {
    await deps.store.runs.startStep({
      runId,
      idx: event.idx,
      title: event.step.title,
      command: event.command,
      at,
      deadline: event.deadline,
    });
  } else if (event.type === 'step-finished') {
    const { result } = event;
    await deps.store.runs.endStep({
      runId,
      idx: result.idx,
      status: result.status,
      exitCode: result.exitCode,
      at,
      outputTail: result.outputTail || null,
    });
    await deps.store.audit.append({
      at,
      actor: 'bot',
      action: 'step.finished',
      runId,
      detail: { idx: result.idx, status: result.status, exitCode: result.exitCode },
    });
  }
}

export async function executeRun(
  deps: RunDeps,
  request: RequestRecord,
  plan: Plan,
  runId: string,
  secret?: string,
  // A resumed run: steps already done in Omni, and the deadlines of waits begun before.
  resumed?: { alreadyDone: ReadonlyMap<number, string>; deadlines: ReadonlyMap<number, number> },
): Promise<RunResult> {
  const logger = deps.logger.child({ runId, requestId: request.id, cluster: plan.cluster });
  const startedAt = deps.clock().toISOString();
  // The run was created `starting` with the claim (approve-request.ts); it starts now.
  await startRun(deps, request, runId, startedAt);
  const controller = new AbortController();
  deps.active.set(runId, controller);
  // Read once: what the notices say of the run does not change while it runs. Its progress is
  // kept in one place, here; the store gets each step's row.
  const { channel, threadTs, owner } = (await deps.store.runs.get(runId))!;
  const run = { id: runId, channel, threadTs };
  // Aborted when another replica took the run over (issue #16): it then stops like a shutdown
  // (no further step, nothing rolled back) and writes and tells nothing more: the run is no longer
  // this replica's to report. A Cancel pressed on another replica reaches it as a local one does.
  const lost = new AbortController();
  // A run inserted with no owner (before migration 7, or by hand) keeps no lease.
  const lease: RunLease | undefined = owner
    ? holdRunLease(deps, runId, {
        lost: () => {
          lost.abort();
          controller.abort();
        },
        cancel: () => controller.abort(),
      })
    : undefined;
  const drain = deps.drain ? AbortSignal.any([deps.drain, lost.signal]) : lost.signal;
  const progress = createRunProgress(plan.steps.length);
  try {
    const { ts: statusTs } = await deps.notifier.notify({
      kind: 'run-started',
      request,
      plan,
      run,
      steps: progress.steps,
    });
    if (statusTs) await deps.store.runs.setStatusTs(runId, statusTs);
  } catch (error) {
    logger.warn({ err: error }, 'could not announce the run start');
  }
  logger.info({ steps: plan.steps.length }, 'run started');
  let result: RunResult;
  try {
    result = await runPlan({ ...deps.runner, logger }, plan, {
      dryRun: request.dryRun,
      signal: controller.signal,
      secret,
      drain,
      beforeStep: async () => {
        await lease?.beat();
      },
      alreadyDone: resumed?.alreadyDone,
      deadlines: resumed?.deadlines,
      frozen: async () => {
        const freeze = await readFreeze(deps);
        return freeze ? `${describeFreeze(freeze)}.` : undefined;
      },
      onEvent: async (event) => {
        if (lost.signal.aborted) return;
        // A step's start and end are written before they are shown (and before the step runs);
        // its output is only shown, at once.
        if (event.type !== 'step-output') await recordEvent(deps, runId, event);
        const steps = progress.apply(event);
        void deps.notifier
          .notify({ kind: 'run-progress', request, plan, run, steps })
          .catch((error: unknown) => logger.warn({ err: error }, 'could not show the run progress'));
      },
    });
  } catch (error) {
    logger.error({ err: error }, 'run failed unexpectedly');
    result = {
      status: 'failed',
      steps: [],
      verdict: 'The bot hit an internal error during the run; see the bot log.',
    };
  } finally {
    deps.active.delete(runId);
    lease?.stop();
  }
  const at = deps.clock().toISOString();
  // Taken over while it ran: the replica that did so wrote the run's end and told the thread.
  if (lost.signal.aborted || !(await finishRun(deps, request.id, runId, result, at))) {
    logger.error(
      { status: result.status },
      'run ended after another replica had taken it over: its end is not written or told',
    );
    return result;
  }
  logger.info({ status: result.status }, 'run finished');
  deps.observe?.run({
    procedure: request.procedure,
    status: result.status,
    durationMs: Date.parse(at) - Date.parse(startedAt),
  });
  await deps.notifier.notify({
    kind: 'run-finished',
    request,
    plan,
    run,
    steps: progress.finish(result),
    result,
  });
  return result;
}
