import type { Plan } from '../procedures/plan.js';
import type { RunEvent, RunResult } from '../runner/run-events.js';
import { runPlan } from '../runner/run-plan.js';
import type { RequestRecord } from '../store/records.js';
import type { ApprovalDeps } from './approval-deps.js';
import { describeFreeze, readFreeze } from './freeze/freeze-state.js';

// Every step is written to SQLite before it starts and after it ends, so a crash loses nothing.
function recordEvent(deps: ApprovalDeps, runId: string, event: RunEvent): void {
  const at = deps.clock().toISOString();
  if (event.type === 'step-started') {
    deps.store.runs.startStep({
      runId,
      idx: event.idx,
      title: event.step.title,
      command: event.command,
      at,
      deadline: event.deadline,
    });
  } else if (event.type === 'step-finished') {
    const { result } = event;
    deps.store.runs.endStep({
      runId,
      idx: result.idx,
      status: result.status,
      exitCode: result.exitCode,
      at,
      outputTail: result.outputTail || null,
    });
    deps.store.audit.append({
      at,
      actor: 'bot',
      action: 'step.finished',
      runId,
      detail: { idx: result.idx, status: result.status, exitCode: result.exitCode },
    });
  }
}

export async function executeRun(
  deps: ApprovalDeps,
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
  deps.store.transaction(() => {
    if (!deps.store.runs.start(runId, startedAt)) throw new Error(`run ${runId} is no longer starting`);
    deps.store.requests.transition(request.id, 'approved', 'running');
    deps.store.audit.append({
      at: startedAt,
      actor: 'bot',
      action: 'run.started',
      requestId: request.id,
      runId,
      detail: { dryRun: request.dryRun },
    });
  });
  const controller = new AbortController();
  deps.active.set(runId, controller);
  const current = () => deps.store.requests.get(request.id)!;
  const run = () => deps.store.runs.get(runId)!;
  try {
    const { statusTs } = await deps.announcer.runStarted(current(), plan, run());
    if (statusTs) deps.store.runs.setStatusTs(runId, statusTs);
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
      drain: deps.drain,
      alreadyDone: resumed?.alreadyDone,
      deadlines: resumed?.deadlines,
      frozen: () => {
        const freeze = readFreeze(deps);
        return freeze ? `${describeFreeze(freeze)}.` : undefined;
      },
      onEvent: (event) => {
        recordEvent(deps, runId, event);
        deps.announcer.runProgress(current(), plan, run(), event);
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
  }
  const at = deps.clock().toISOString();
  const requestStatus = result.status;
  deps.store.transaction(() => {
    deps.store.runs.finish(runId, result.status, at, result.verdict);
    deps.store.requests.transition(request.id, 'running', requestStatus, result.verdict);
    deps.store.locks.releaseRun(runId);
    deps.store.audit.append({
      at,
      actor: 'bot',
      action: 'run.finished',
      requestId: request.id,
      runId,
      detail: { status: result.status, verdict: result.verdict },
    });
  });
  logger.info({ status: result.status }, 'run finished');
  deps.observe?.run({
    procedure: request.procedure,
    status: result.status,
    durationMs: Date.parse(at) - Date.parse(startedAt),
  });
  await deps.announcer.runFinished(current(), plan, run(), result);
  return result;
}
