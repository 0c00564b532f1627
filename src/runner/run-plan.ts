import type { Logger } from 'pino';
import { inRunLane } from '../omni/in-run-lane.js';
import { OmniError } from '../omni/omni-error.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { refuseOmniIds } from '../omni-model/identifiers.js';
import { commandLine, type Plan, type Step } from '../procedures/shared/plan.js';
import type { RemoteConnector } from './remote-session.js';
import type { RunEvent, RunResult, StepResult } from './run-events.js';
import { verifyNoOrphansStep, waitClusterGoneStep } from './steps/cluster-gone-steps.js';
import { installKeyStep } from './steps/install-key-step.js';
import { runOmnictlStep } from './steps/omnictl-step.js';
import { runSshStep } from './steps/ssh-step.js';
import type { StepOutcome } from './steps/step-outcome.js';
import { verifyGoneStep } from './steps/verify-gone-step.js';
import { waitGoneStep } from './steps/wait-gone-step.js';
import { waitProviderStep } from './steps/wait-provider-step.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type RunnerDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  sleep: Sleep;
  logger: Logger;
  remote?: RemoteConnector;
};

export type StepContext = RunnerDeps & {
  // The run's mode, which is its request's: the bot's DRY_RUN at the time of the request.
  dryRun: boolean;
  idx: number;
  signal: AbortSignal;
  previous: StepResult | undefined;
  // When the step before this one started (e.g. the provider's restart), by the bot's clock.
  previousStartedAt: Date | undefined;
  emit: (event: RunEvent) => void;
  // A secret the approver supplied for this run (a pasted key); held in memory only.
  secret?: string;
  // Steps that change the host register how to undo it if a later step fails, and what to
  // report instead once a point-of-no-return step has made the change final.
  onRollback: (rollback: Rollback) => void;
  // Set only when resuming an interrupted wait: the deadline its first run stored (ms since the
  // epoch), kept as it was. A new wait counts its own from Omni's first answer.
  resumedDeadline?: number;
};

function isWait(step: Step): boolean {
  return step.kind === 'wait-gone' || step.kind === 'wait-cluster-gone' || step.kind === 'wait-provider';
}

type Rollback = {
  undo: () => Promise<string>;
  // The state left behind, in a sentence, when the change is kept (e.g. which file holds what).
  kept: string;
};

function execute(step: Step, ctx: StepContext): Promise<StepOutcome> {
  switch (step.kind) {
    case 'omnictl':
      return runOmnictlStep(step, ctx);
    case 'wait-gone':
      return waitGoneStep(step, ctx);
    case 'verify-gone':
      return verifyGoneStep(step, ctx);
    case 'ssh':
      return runSshStep(step, ctx);
    case 'wait-provider':
      return waitProviderStep(step, ctx);
    case 'install-provider-key':
      return installKeyStep(step, ctx);
    case 'wait-cluster-gone':
      return waitClusterGoneStep(step, ctx);
    case 'verify-no-orphans':
      return verifyNoOrphansStep(step, ctx);
  }
}

// Every id a step waits on or checks, wherever it came from (Slack or Omni's output).
function stepIds(steps: readonly Step[]): { machines: string[]; clusters: string[] } {
  return {
    machines: steps.flatMap((s) => (s.kind === 'wait-gone' || s.kind === 'verify-gone' ? s.machineIds : [])),
    clusters: steps.flatMap((s) =>
      s.kind === 'wait-cluster-gone' || s.kind === 'verify-no-orphans' ? [s.cluster] : [],
    ),
  };
}

// Runs the approved steps in order, once each; the first failure stops the run.
export async function runPlan(
  deps: RunnerDeps,
  plan: Plan,
  // `drain`: the bot is stopping; the current step finishes, no new step starts. `dryRun` comes
  // with the run (from its request), never from the bot's configuration at the time it runs.
  options: {
    dryRun: boolean;
    signal: AbortSignal;
    // Awaited for a step's start (before it runs) and its end (before the next step), so what
    // records them finishes first; a step's output is passed on without waiting.
    onEvent: (event: RunEvent) => void | Promise<void>;
    secret?: string;
    drain?: AbortSignal;
    // A resumed run: steps whose effect Omni already shows (index → why), reported done, not run;
    // and the deadlines (ms since the epoch) of waits the interrupted run had started.
    alreadyDone?: ReadonlyMap<number, string>;
    deadlines?: ReadonlyMap<number, number>;
    // Asked before each step: why changes are frozen, or undefined when they are not.
    frozen?: () => Promise<string | undefined>;
    // Awaited before each step, before `drain` and `signal` are looked at: the run's lease is
    // renewed there, so a run another replica took over (or cancelled) starts no further step.
    beforeStep?: () => Promise<void>;
  },
): Promise<RunResult> {
  const results: StepResult[] = [];
  let rollbacks: Rollback[] = [];
  // What a point-of-no-return step made final: reported, never undone.
  let kept: { idx: number; step: Step; notes: string[] } | undefined;
  const undo = async (): Promise<string> => {
    const notes: string[] = [];
    for (const rollback of rollbacks.reverse())
      notes.push(await rollback.undo().catch((e: unknown) => `Rollback failed: ${String(e)}`));
    const rolledBack = notes.length > 0 ? ` Rolled back: ${notes.join(' ')}` : '';
    const final =
      kept && kept.notes.length > 0
        ? ` Not rolled back, since step ${kept.idx + 1} (${kept.step.title}) had succeeded: ${kept.notes.join(' ')}`
        : '';
    return `${rolledBack}${final}`;
  };
  // The planners check ids already; a stored plan is checked again before its first step runs.
  const badIds = refuseOmniIds(stepIds(plan.steps));
  if (badIds) return { status: 'failed', steps: [], verdict: `Nothing ran: ${badIds}` };
  let previousStartedAt: Date | undefined;
  // Steps have their own omnictl capacity and never wait for reports' reads (src/omni/share-reads.ts).
  const runLane = inRunLane(deps.omnictl);
  for (const [idx, step] of plan.steps.entries()) {
    await options.beforeStep?.();
    if (options.drain?.aborted) {
      return {
        status: 'interrupted',
        steps: results,
        verdict: `The bot stopped (shutdown) before step ${idx + 1}: ${step.title}. The steps before it completed; nothing after it ran.`,
      };
    }
    if (options.signal.aborted) {
      return {
        status: 'cancelled',
        steps: results,
        verdict: `Cancelled before step ${idx + 1}: ${step.title}.`,
      };
    }
    // A change freeze lets the step in progress finish and starts no other (issue #18).
    const frozen = await options.frozen?.();
    if (frozen !== undefined) {
      return {
        status: 'cancelled',
        steps: results,
        verdict: `Stopped by the change freeze before step ${idx + 1}: ${step.title}. The steps before it completed; nothing after it ran. ${frozen}`,
      };
    }
    const started = deps.clock().getTime();
    const deadline = options.deadlines?.get(idx) ?? started + ('timeoutMs' in step ? step.timeoutMs : 0);
    await options.onEvent({
      type: 'step-started',
      idx,
      step,
      command: commandLine(step),
      ...(isWait(step) ? { deadline: new Date(deadline).toISOString() } : {}),
    });
    const done = options.alreadyDone?.get(idx);
    if (done !== undefined) {
      const result: StepResult = {
        status: 'ok',
        exitCode: null,
        note: done,
        outputTail: '',
        idx,
        durationMs: 0,
      };
      results.push(result);
      await options.onEvent({ type: 'step-finished', step, result });
      continue;
    }
    const ctx: StepContext = {
      ...deps,
      omnictl: runLane,
      dryRun: options.dryRun,
      idx,
      signal: options.signal,
      previous: results.at(-1),
      previousStartedAt,
      emit: (event) => {
        void Promise.resolve(options.onEvent(event)).catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'could not pass on a step output'),
        );
      },
      secret: options.secret,
      onRollback: (rollback) => rollbacks.push(rollback),
      resumedDeadline: options.deadlines?.get(idx),
    };
    const outcome = await execute(step, ctx).catch((error: unknown) => {
      // omnictl itself broken mid-run (binary gone, unreadable output): the step fails, saying why.
      if (error instanceof OmniError)
        return { status: 'failed' as const, exitCode: null, note: error.userMessage, outputTail: '' };
      throw error;
    });
    previousStartedAt = new Date(started);
    const result: StepResult = { ...outcome, idx, durationMs: deps.clock().getTime() - started };
    results.push(result);
    await options.onEvent({ type: 'step-finished', step, result });
    if (result.status === 'ok' && step.kind === 'ssh' && step.pointOfNoReturn) {
      kept = { idx, step, notes: [...(kept?.notes ?? []), ...rollbacks.map((r) => r.kept)] };
      rollbacks = [];
    }
    if (result.status === 'failed') {
      // Stopped by the shutdown (its grace over), not by a Cancel: interrupted, and resumable.
      if (options.signal.aborted && options.drain?.aborted) {
        return {
          status: 'interrupted',
          steps: results,
          verdict: `The bot stopped (shutdown) during step ${idx + 1}: ${step.title}. The steps before it completed; it may or may not have taken effect; nothing after it ran.`,
        };
      }
      const status = options.signal.aborted ? 'cancelled' : 'failed';
      const rolledBack = await undo();
      return {
        status,
        steps: results,
        verdict: `Step ${idx + 1} (${step.title}) ${status === 'cancelled' ? 'was cancelled' : 'failed'}: ${result.note}${rolledBack}`,
      };
    }
  }
  const last = results.at(-1);
  return { status: 'succeeded', steps: results, verdict: last?.note ?? 'Done.' };
}
