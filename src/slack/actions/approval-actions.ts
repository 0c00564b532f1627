import { isClusterName, isMachineId } from '../../omni-model/identifiers.js';
import { REQUEST_ID } from '../../recovery/new-id.js';
import type { UseCases } from '../command-context.js';
import { escapeMrkdwn, mrkdwn, type SlackMessage } from '../views/block-kit.js';
import { problemView } from '../views/help-view.js';
import { pasteKeyModal } from '../views/paste-key-modal.js';
import type { ActionContext } from './action-context.js';
import { forgedButtonView } from './forged-button-view.js';

function note(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

export async function requestRemovalAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  if (!isMachineId(ctx.value)) return ctx.tell(forgedButtonView());
  const outcome = await useCases.requestRemoval({
    actor: await ctx.actor(),
    channel: ctx.channelId,
    machineIds: [ctx.value],
    reason: 'requested from the stuck-machines report',
  });
  if (!outcome.ok) await ctx.tell(problemView(outcome.problem));
}

export async function requestRemovalAllAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  if (ctx.value !== '' && !isClusterName(ctx.value)) return ctx.tell(forgedButtonView());
  const outcome = await useCases.requestRemovalOfAllStuck({
    actor: await ctx.actor(),
    channel: ctx.channelId,
    cluster: ctx.value || undefined,
  });
  if (!outcome.ok) await ctx.tell(problemView(outcome.problem));
}

export async function approveAction(
  ctx: ActionContext,
  useCases: UseCases,
  options: { override?: boolean } = {},
): Promise<void> {
  if (!REQUEST_ID.test(ctx.value)) return ctx.tell(forgedButtonView());
  const outcome = await useCases.approve(ctx.value, await ctx.actor(), undefined, options);
  if (!outcome.ok) return ctx.tell(problemView(outcome.problem));
  const result = outcome.value;
  if (result.state === 'needs-secret') {
    await ctx.openModal(pasteKeyModal(result.requestId, ctx.channelId));
  } else if (result.state === 'awaiting-more') {
    await ctx.tell(
      note(
        `Your approval is recorded (${result.approvedBy.length} of ${result.needed}); it needs another approver.`,
      ),
    );
  }
}

// "Remove anyway": the approver's explicit yes to a removal Proxmox says would drop a live VM.
export function approveAnywayAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  return approveAction(ctx, useCases, { override: true });
}

export async function rejectAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  if (!REQUEST_ID.test(ctx.value)) return ctx.tell(forgedButtonView());
  const outcome = await useCases.reject(ctx.value, await ctx.actor());
  if (!outcome.ok) await ctx.tell(problemView(outcome.problem));
}

export async function cancelRunAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  if (!/^run-[0-9a-f]{12}$/.test(ctx.value)) return ctx.tell(forgedButtonView());
  const outcome = await useCases.cancelRun(ctx.value, await ctx.actor());
  if (!outcome.ok) return ctx.tell(problemView(outcome.problem));
  const cancelling = outcome.value;
  await ctx.tell(
    note(
      cancelling.where === 'here'
        ? 'Cancelling: the current step is being stopped.'
        : `Cancelling: the run is on replica ${escapeMrkdwn(cancelling.replica)}; it stops at its next heartbeat (within ${Math.ceil(cancelling.withinMs / 1000)} s).`,
    ),
  );
}

export async function resumeRunAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  if (!/^run-[0-9a-f]{12}$/.test(ctx.value)) return ctx.tell(forgedButtonView());
  const outcome = await useCases.resumeRun(ctx.value, await ctx.actor());
  if (!outcome.ok) return ctx.tell(problemView(outcome.problem));
  await ctx.tell(note('Resuming: the steps not yet run start now; their progress is in this thread.'));
}

function procedureAction(procedure: 'fix-node-labels' | 'sync-template') {
  return async (ctx: ActionContext, useCases: UseCases): Promise<void> => {
    if (!isClusterName(ctx.value)) return ctx.tell(forgedButtonView());
    const outcome = await useCases.requestProcedure({
      actor: await ctx.actor(),
      channel: ctx.channelId,
      procedure,
      params: { cluster: ctx.value },
      reason: '',
    });
    if (!outcome.ok) await ctx.tell(problemView(outcome.problem));
  };
}

export const requestLabelFixAction = procedureAction('fix-node-labels');
export const requestTemplateSyncAction = procedureAction('sync-template');
