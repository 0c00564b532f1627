import type { App } from '@slack/bolt';
import { isClusterName } from '../omni-model/identifiers.js';
import { VIEW } from './action-ids.js';
import type { SlackAppOptions } from './create-slack-app.js';
import { createMessenger } from './slack-messenger.js';
import { problemView } from './views/help-view.js';

const Metadata = (text: string): { cluster: string; channel: string } | undefined => {
  try {
    const parsed = JSON.parse(text) as { cluster?: unknown; channel?: unknown };
    if (typeof parsed.cluster !== 'string' || !isClusterName(parsed.cluster)) return undefined;
    if (typeof parsed.channel !== 'string' || !/^[CGD][A-Z0-9]+$/.test(parsed.channel)) return undefined;
    return { cluster: parsed.cluster, channel: parsed.channel };
  } catch {
    return undefined;
  }
};

// The typed name is checked here (so the modal can say what is wrong) and again by the planner.
export function registerRecoverView(app: App, options: SlackAppOptions): void {
  app.view(VIEW.recoverCluster, async ({ ack, body, view, client }) => {
    const meta = Metadata(view.private_metadata);
    const typed = view.state.values.name?.value?.value?.trim() ?? '';
    const reason = view.state.values.reason?.value?.value?.trim() ?? '';
    if (!meta) {
      await ack({ response_action: 'errors', errors: { name: 'This dialog is not one the bot opened.' } });
      return;
    }
    if (typed !== meta.cluster) {
      await ack({
        response_action: 'errors',
        errors: { name: `That is not ${meta.cluster}. Type the cluster name exactly to confirm.` },
      });
      return;
    }
    await ack();
    const userId = body.user.id;
    const logger = options.logger.child({ view: VIEW.recoverCluster, userId, cluster: meta.cluster });
    try {
      const actor = { userId, groups: await options.groups.groupsOf(userId) };
      const outcome = await options.useCases.requestProcedure({
        actor,
        channel: meta.channel,
        procedure: 'recover-cluster',
        params: { cluster: meta.cluster, typedName: typed },
        reason: reason.slice(0, 500),
      });
      // The dialog is closed by now: give back what was typed, so asking again is a copy and paste.
      const kept = reason ? ` What you typed as the reason: "${reason.slice(0, 500)}"` : '';
      if (!outcome.ok)
        await createMessenger(client).ephemeral(
          meta.channel,
          userId,
          problemView({ ...outcome.problem, message: `${outcome.problem.message}${kept}` }),
        );
    } catch (error) {
      logger.error({ err: error, ref: options.newRef() }, 'recover-cluster request failed');
    }
  });
}
