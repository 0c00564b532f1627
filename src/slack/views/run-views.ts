import { formatDuration } from '../../config/parse-duration.js';
import { cancelRule } from '../../procedures/cancel-rule.js';
import type { Plan } from '../../procedures/plan.js';
import { commandLine } from '../../procedures/plan.js';
import type { RunResult, StepResult } from '../../runner/run-events.js';
import type { RunRecord, StepRecord, StepStatus } from '../../store/records.js';
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

export type LiveStep = { status: StepStatus | 'pending'; lastLine?: string };

function dryPrefix(dryRun: boolean): string {
  return dryRun ? '[DRY RUN] ' : '';
}

// The one status message of a run, edited in place as steps progress.
export function runStatusView(
  plan: Plan,
  run: RunRecord,
  steps: readonly LiveStep[],
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
    return `${ICON[live.status]} ${idx + 1}. ${escapeMrkdwn(step.title)}${last}`;
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
  const title = step ? `${result.idx + 1}. ${escapeMrkdwn(step.title)}: ` : '';
  return `${ICON[result.status]} ${title}\`${escapeMrkdwn(truncate(command, 300))}\` · exit ${exit} · ${formatDuration(result.durationMs)} · ${escapeMrkdwn(result.note)}${tail}`;
}

const HEADLINE: Record<RunResult['status'], string> = {
  succeeded: ':white_check_mark: Succeeded',
  failed: ':x: Failed',
  cancelled: ':no_entry_sign: Cancelled',
  interrupted: ':warning: Interrupted',
};

// A step's note and output and the run's verdict carry omnictl's and the remote host's words: text.
export function runSummaryView(plan: Plan, run: RunRecord, result: RunResult, dryRun: boolean): SlackMessage {
  const headline = `${dryPrefix(dryRun)}${HEADLINE[result.status]}: ${escapeMrkdwn(result.verdict)}`;
  const details = result.steps.map((r) => stepDetail(plan, r));
  const remaining = plan.steps
    .slice(result.steps.length)
    .map((s, i) => `${ICON.pending} ${result.steps.length + i + 1}. ${escapeMrkdwn(s.title)} (not run)`);
  const body = truncate([...details, ...remaining].join('\n'), 2900);
  return {
    text: headline,
    blocks: [
      { type: 'section', text: mrkdwn(`*${headline}*`) },
      { type: 'section', text: mrkdwn(body) },
      { type: 'context', elements: [mrkdwn(`Run \`${run.id}\``)] },
    ],
  };
}

export function runInterruptedView(plan: Plan, run: RunRecord, steps: readonly StepRecord[]): SlackMessage {
  const done = steps.filter((s) => s.status !== 'interrupted' && s.status !== 'running');
  const cut = steps.find((s) => s.status === 'interrupted');
  const lines = [
    ...done.map(
      (s) => `${ICON[s.status]} ${s.idx + 1}. ${escapeMrkdwn(s.title)} (exit ${s.exitCode ?? '–'})`,
    ),
    ...(cut
      ? [
          `${ICON.interrupted} ${cut.idx + 1}. ${escapeMrkdwn(cut.title)}: interrupted; it may or may not have taken effect`,
        ]
      : []),
    ...plan.steps
      .slice(steps.length)
      .map((s, i) => `${ICON.pending} ${steps.length + i + 1}. ${escapeMrkdwn(s.title)} (not run)`),
  ];
  const text = `:warning: Run ${run.id} was interrupted: the bot stopped while it was running. It will not be resumed automatically.`;
  const check = 'Check the targets with `/omni stuck-machines` before requesting the procedure again.';
  return { text, blocks: [{ type: 'section', text: mrkdwn(`${text}\n${lines.join('\n')}\n${check}`) }] };
}
