import type { App } from '@slack/bolt';
import { ACTION } from './action-ids.js';
import type { ActionContext } from './actions/action-context.js';
import {
  approveAction,
  approveAnywayAction,
  cancelRunAction,
  rejectAction,
  requestLabelFixAction,
  requestRemovalAction,
  requestRemovalAllAction,
  requestTemplateSyncAction,
  resumeRunAction,
} from './actions/approval-actions.js';
import { diagnoseAction } from './actions/diagnose-action.js';
import { forgedButtonView } from './actions/forged-button-view.js';
import { timelineAction } from './actions/timeline-action.js';
import type { UseCases } from './command-context.js';
import type { SlackAppOptions } from './create-slack-app.js';
import { createMessenger } from './slack-messenger.js';
import { problemView } from './views/help-view.js';

// One error boundary per button: the clicker sees a reference id, the log gets the details.
export function registerActions(app: App, options: SlackAppOptions): void {
  const actions: [string, (ctx: ActionContext, useCases: UseCases) => Promise<void>][] = [
    [ACTION.requestRemoval, requestRemovalAction],
    [ACTION.requestRemovalAll, requestRemovalAllAction],
    [ACTION.approve, (ctx, useCases) => approveAction(ctx, useCases)],
    [ACTION.approveAnyway, approveAnywayAction],
    [ACTION.reject, rejectAction],
    [ACTION.cancelRun, cancelRunAction],
    [ACTION.resumeRun, resumeRunAction],
    [ACTION.requestLabelFix, requestLabelFixAction],
    [ACTION.requestTemplateSync, requestTemplateSyncAction],
    [ACTION.diagnose, diagnoseAction],
    [ACTION.timeline, timelineAction],
  ];
  for (const [actionId, handler] of actions) {
    app.action(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      // Let the ack leave before any omnictl process is started (spawning blocks the event loop).
      await new Promise((resolve) => setImmediate(resolve));
      if (body.type !== 'block_actions' || action.type !== 'button') return;
      const userId = body.user.id;
      const logger = options.logger.child({ action: actionId, userId });
      // Slack sends a button's value as a string or not at all; anything else was forged.
      const value: unknown = action.value;
      const ctx: ActionContext = {
        userId,
        channelId: body.channel?.id ?? '',
        value: typeof value === 'string' ? value : '',
        logger,
        messenger: createMessenger(client),
        actor: async () => ({ userId, groups: await options.groups.groupsOf(userId) }),
        tell: async (message) => {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: message.text,
            blocks: message.blocks,
          });
        },
        replyInThread: (message) => {
          const clicked = body.message as { ts?: string; thread_ts?: string } | undefined;
          return createMessenger(client).post(
            body.channel?.id ?? '',
            message,
            clicked?.thread_ts ?? clicked?.ts,
          );
        },
        openModal: async (view) => {
          await client.views.open({ trigger_id: body.trigger_id, view: view as never });
        },
      };
      try {
        if (value !== undefined && typeof value !== 'string') return await ctx.tell(forgedButtonView());
        await handler(ctx, options.useCases);
      } catch (error) {
        const ref = options.newRef();
        logger.error({ err: error, ref }, 'action failed');
        await ctx.tell(problemView('Something went wrong while handling this button.', ref)).catch(() => {});
      }
    });
  }
}
