import type { App } from '@slack/bolt';
import { VIEW } from './action-ids.js';
import type { SlackAppOptions } from './create-slack-app.js';

export function registerViews(app: App, options: SlackAppOptions): void {
  app.view(VIEW.pasteKey, async ({ ack, body, view }) => {
    const requestId = view.private_metadata;
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
    options.registerSecret(key);
    const userId = body.user.id;
    const logger = options.logger.child({ view: VIEW.pasteKey, userId, requestId });
    try {
      const actor = { userId, groups: await options.groups.groupsOf(userId) };
      const outcome = await options.useCases.approve(requestId, actor, key);
      if (!outcome.ok) logger.warn({ kind: outcome.problem.kind }, 'approval with pasted key refused');
    } catch (error) {
      logger.error({ err: error, ref: options.newRef() }, 'approval with pasted key failed');
    }
  });
}
