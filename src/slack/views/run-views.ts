import { formatDuration } from '../../config/parse-duration.js';
import type { RunFacts, StepOutcome } from '../../notify/notifier.js';
import { cancelRule, type StepProgress } from '../../procedures/shared/cancel-rule.js';
import type { Plan } from '../../procedures/shared/plan.js';
import { commandLine } from '../../procedures/shared/plan.js';
import { firstUnfinished } from '../../procedures/shared/plan-resume.js';
import type { RunResult, StepResult, StepState } from '../../runner/run-events.js';
import type { StepStatus } from '../../store/records.js';
import { ACTION } from '../action-ids.js';
import { type Block, escapeMrkdwn, mrkdwn, plain, type SlackMessage, truncate } from './block-kit.js';

const ICON: Record<StepStatus | 'pending', string> = {
  pending: ':white_small_square:',
  running: ':hourglass_flowing_sand:',
  ok: ':white_check_mark:',
  skipped: ':fast_forward:',
  'refused-expected': ':leftwards_arrow_with_hook:',
  failed: ':x:',
  interrupted: ':warning:',
};

// Steps keep the numbers of the approved plan, also in a resumed run (which runs the rest of it).
function number(plan: Plan, idx: number): number {
  return (plan.resumed?.at ?? 0) + idx + 1;
}

// The steps an interrupted run did not finish, and the button that runs them once an approver
// clicks it (the bot re-reads Omni first: a step Omni shows done is not run again).
function resumeBlocks(plan: Plan, run: RunFacts, progress: readonly StepProgress[]): Block[] {
  const at = firstUnfinished(progress, plan.steps.length);
  if (at >= plan.steps.length) return [];
  const rest = plan.steps.slice(at).map((s, i) => `${number(plan, at + i)}. ${escapeMrkdwn(s.title)}`);
  if (plan.needsSecret)
    return [
      {
        type: 'context',
        elements: [
          mrkdwn('It cannot be resumed: the key its approver pasted is not kept. Request it again.'),
        ],
      },
    ];
  return [
    {
      type: 'section',
      text: mrkdwn(
        `*Resume* runs the steps not yet run, after re-reading Omni (a step Omni already shows done is not run again; if the situation changed beyond the plan, it needs a new approval). It needs one approver.\n${rest.join('\n')}`,
      ),
    },
    {
      type: 'actions',
      block_id: `resume:${run.id}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.resumeRun,
          text: plain(`Resume from step ${number(plan, at)}`, 75),
          value: run.id,
          style: 'primary',
          confirm: {
            title: plain('Resume this run?', 100),
            text: plain(
              rest.length === 1
                ? `Step ${number(plan, at)} runs now, once.`
                : `Steps ${number(plan, at)}–${number(plan, plan.steps.length - 1)} run now, once.`,
              300,
            ),
            confirm: plain('Resume', 30),
            deny: plain('Not now', 30),
          },
        },
      ],
    },
  ];
}

function dryPrefix(dryRun: boolean): string {
  return dryRun ? '[DRY RUN] ' : '';
}

// The one status message of a run, edited in place as steps progress.
export function runStatusView(
  plan: Plan,
  run: RunFacts,
  steps: readonly StepState[],
  dryRun: boolean,
  // The run's outcome, for its final edit (none while it runs): the status message then says how
  // it ended, not only which steps ran, and loses its Cancel button.
  outcome?: string,
): SlackMessage {
  const running = outcome === undefined;
  const lines = plan.steps.map((step, idx) => {
    const live = steps[idx] ?? { status: 'pending' };
    const last =
      live.status === 'running' && live.lastLine
        ? `\n      ↳ ${escapeMrkdwn(truncate(live.lastLine, 200))}`
        : '';
    return `${ICON[live.status]} ${number(plan, idx)}. ${escapeMrkdwn(step.title)}${last}`;
  });
  const done = steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length;
  const ended = running ? '' : `${outcome}, `;
  const text = `${dryPrefix(dryRun)}Run \`${run.id}\`: ${ended}${done}/${plan.steps.length} steps done`;
  // Once the run ended its summary lists every step with its command and exit code: the status
  // message keeps only how it ended, so the thread does not list the steps twice.
  if (!running)
    return {
      text,
      blocks: [{ type: 'section', text: mrkdwn(`${text}; each step is in the summary below.`) }],
    };
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(`${text}\n${lines.join('\n')}`) }];
  // After a destructive step a cancel no longer leaves things as they were: say what it leaves.
  const rule = cancelRule(
    plan.steps,
    plan.steps.map((_, idx) => steps[idx]?.status ?? 'pending'),
    plan.resumed?.cancelLeaves,
  );
  const leaves = rule.approverOnly ? `If the run is cancelled now, ${escapeMrkdwn(rule.leaves)}.` : undefined;
  if (leaves)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:warning: Only an approver can cancel now. ${leaves}` }],
    });
  blocks.push({
    type: 'actions',
    block_id: `run:${run.id}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION.cancelRun,
        text: plain('Cancel run', 75),
        value: run.id,
        style: 'danger',
        confirm: {
          title: plain('Cancel this run?', 100),
          text: plain(
            rule.approverOnly
              ? `The current step is stopped and no further step runs. If the run is cancelled now, ${rule.leaves}.`
              : 'The current step is stopped and no further step runs. What already ran stays done.',
            300,
          ),
          confirm: plain('Cancel run', 30),
          deny: plain('Keep running', 30),
          style: 'danger',
        },
      },
    ],
  });
  return { text, blocks };
}

function stepDetail(plan: Plan, result: StepResult): string {
  const step = plan.steps[result.idx];
  const command = step ? commandLine(step) : '?';
  const exit = result.exitCode === null ? '–' : String(result.exitCode);
  const tail =
    result.status === 'failed' && result.outputTail
      ? `\n\`\`\`${truncate(escapeMrkdwn(result.outputTail), 800)}\`\`\``
      : '';
  const title = step ? `${number(plan, result.idx)}. ${escapeMrkdwn(step.title)}: ` : '';
  return `${ICON[result.status]} ${title}\`${escapeMrkdwn(truncate(command, 300))}\` · exit ${exit} · ${formatDuration(result.durationMs)} · ${escapeMrkdwn(result.note)}${tail}`;
}

const HEADLINE: Record<RunResult['status'], string> = {
  succeeded: ':white_check_mark: Succeeded',
  failed: ':x: Failed',
  cancelled: ':no_entry_sign: Cancelled',
  interrupted: ':warning: Interrupted',
};

// Every run summary offers its timeline (issue #18): a Markdown file uploaded into this thread.
function timelineBlock(run: RunFacts): Block {
  return {
    type: 'actions',
    block_id: `timeline:${run.id}`,
    elements: [{ type: 'button', action_id: ACTION.timeline, text: plain('Timeline', 75), value: run.id }],
  };
}

// A step's note and output and the run's verdict carry omnictl's and the remote host's words: text.
export function runSummaryView(plan: Plan, run: RunFacts, result: RunResult, dryRun: boolean): SlackMessage {
  const headline = `${dryPrefix(dryRun)}${HEADLINE[result.status]}: ${escapeMrkdwn(result.verdict)}`;
  const details = result.steps.map((r) => stepDetail(plan, r));
  const remaining = plan.steps
    .slice(result.steps.length)
    .map(
      (s, i) =>
        `${ICON.pending} ${number(plan, result.steps.length + i)}. ${escapeMrkdwn(s.title)} (not run)`,
    );
  const body = truncate([...details, ...remaining].join('\n'), 2900);
  const progress = plan.steps.map((_, idx) => result.steps.find((r) => r.idx === idx)?.status ?? 'pending');
  return {
    text: headline,
    blocks: [
      { type: 'section', text: mrkdwn(`*${headline}*`) },
      { type: 'section', text: mrkdwn(body) },
      { type: 'context', elements: [mrkdwn(`Run \`${run.id}\``)] },
      ...(result.status === 'interrupted' ? resumeBlocks(plan, run, progress) : []),
      timelineBlock(run),
    ],
  };
}

// Why a run was interrupted, as its thread and card say it.
export function interruptedBecause(stoppedAnswering?: { replica: string; at: string }): string {
  return stoppedAnswering
    ? `replica ${escapeMrkdwn(stoppedAnswering.replica)} stopped answering at ${escapeMrkdwn(stoppedAnswering.at)}`
    : 'the bot stopped';
}

export function runInterruptedView(
  plan: Plan,
  run: RunFacts,
  steps: readonly StepOutcome[],
  stoppedAnswering?: { replica: string; at: string },
): SlackMessage {
  const done = steps.filter((s) => s.status !== 'interrupted' && s.status !== 'running');
  const cut = steps.find((s) => s.status === 'interrupted');
  const lines = [
    ...done.map(
      (s) => `${ICON[s.status]} ${number(plan, s.idx)}. ${escapeMrkdwn(s.title)} (exit ${s.exitCode ?? '–'})`,
    ),
    ...(cut
      ? [
          `${ICON.interrupted} ${number(plan, cut.idx)}. ${escapeMrkdwn(cut.title)}: interrupted; it may or may not have taken effect`,
        ]
      : []),
    ...plan.steps
      .slice(steps.length)
      .map((s, i) => `${ICON.pending} ${number(plan, steps.length + i)}. ${escapeMrkdwn(s.title)} (not run)`),
  ];
  const text = `:warning: Run ${run.id} was interrupted: ${interruptedBecause(stoppedAnswering)} while it was running. It is not resumed automatically.`;
  const progress: StepProgress[] = plan.steps.map(() => 'pending');
  for (const s of steps) progress[s.idx] = s.status;
  const resume = resumeBlocks(plan, run, progress);
  const check =
    resume.length > 0
      ? 'An approver can resume it below.'
      : 'Check the targets with `/omni stuck-machines` before requesting the procedure again.';
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`${text}\n${lines.join('\n')}\n${check}`) },
      ...resume,
      timelineBlock(run),
    ],
  };
}
