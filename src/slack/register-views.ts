import type { App } from '@slack/bolt';
import { VIEW } from './action-ids.js';
import type { SlackAppOptions } from './create-slack-app.js';
import { createMessenger } from './slack-messenger.js';
import { escapeMrkdwn, mrkdwn, type SlackMessage } from './views/block-kit.js';
import { problemView } from './views/help-view.js';
import { pasteKeyMetadata } from './views/paste-key-modal.js';

const NOT_KEPT = 'Your key was not used and the bot did not keep it.';

function noteView(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(text)) }] };
}

export function registerViews(app: App, options: SlackAppOptions): void {
  app.view(VIEW.pasteKey, async ({ ack, body, view, client }) => {
    const { requestId, channel } = pasteKeyMetadata(view.private_metadata);
    const key = view.state.values.key?.value?.value?.trim() ?? '';
    // Base64 of the JSON omnictl prints; anything else is refused before it goes anywhere.
    if (!/^[A-Za-z0-9+/=_-]{40,}$/.test(key)) {
      await ack({
        response_action: 'errors',
        errors: { key: 'That does not look like an Omni service-account key (base64, no spaces).' },
      });
      return;
    }
    await ack();
    const forget = options.registerSecret(key);
    const userId = body.user.id;
    const logger = options.logger.child({ view: VIEW.pasteKey, userId, requestId });
    // The modal is closed by now: a refusal is told to the approver alone, in the request's channel.
    // A modal without one (opened before it was recorded, or forged) gets the log line only.
    const tell = async (message: SlackMessage) => {
      if (!channel) return;
      const sent = await createMessenger(client).ephemeral(channel, userId, message);
      if (!sent.ok) logger.warn({ slackError: sent.error }, 'could not tell the approver why');
    };
    try {
      const actor = { userId, groups: await options.groups.groupsOf(userId) };
      const outcome = await options.useCases.approve(requestId, actor, key);
      if (outcome.ok && outcome.value.state === 'running') return;
      // Nothing will use the key: it is not kept, not even in the log scrubber's list.
      forget();
      if (!outcome.ok) {
        logger.warn({ kind: outcome.problem.kind }, 'approval with pasted key refused');
        await tell(problemView({ ...outcome.problem, message: `${outcome.problem.message} ${NOT_KEPT}` }));
      } else if (outcome.value.state === 'awaiting-more') {
        await tell(
          noteView(
            `Your approval is recorded (${outcome.value.approvedBy.length} of ${outcome.value.needed}). ${NOT_KEPT} The approver who completes the request pastes it.`,
          ),
        );
      }
    } catch (error) {
      forget();
      logger.error({ err: error, ref: options.newRef() }, 'approval with pasted key failed');
    }
  });
}
