import type { Logger } from 'pino';
import type { Plan } from '../procedures/shared/plan.js';
import type { FreezeNotices, PendingCard } from '../recovery/freeze/freeze-notices.js';
import type { Freeze } from '../recovery/freeze/freeze-state.js';
import type { Messenger } from './slack-messenger.js';
import { approvalCardView } from './views/approval-card-view.js';
import { freezeNoticeView, unfreezeNoticeView } from './views/freeze-view.js';

// A freeze told in Slack: a notice in the incident channel, and every pending card edited to say
// it is frozen (or, when it ends, that it can be approved again).
export function createSlackFreezeNotices(options: {
  messenger: Messenger;
  incidentChannel?: string;
  clock: () => Date;
  logger: Logger;
}): FreezeNotices {
  const { messenger, logger } = options;

  async function editCards(pending: readonly PendingCard[], freeze: Freeze | undefined): Promise<void> {
    for (const { request, approvedBy } of pending) {
      if (!request.cardTs) continue;
      const card = approvalCardView(
        request,
        request.plan as Plan,
        { kind: 'pending', approvedBy },
        options.clock(),
        freeze,
      );
      const updated = await messenger
        .update(request.channel, request.cardTs, card)
        .catch((error: unknown) => ({ ok: false as const, error: String(error) }));
      if (!updated.ok)
        logger.warn(
          { error: updated.error, requestId: request.id },
          'pending card not edited for the freeze',
        );
    }
  }

  async function notice(message: ReturnType<typeof freezeNoticeView>): Promise<void> {
    if (!options.incidentChannel) return;
    const posted = await messenger
      .post(options.incidentChannel, message)
      .catch((error: unknown) => ({ ok: false as const, error: String(error) }));
    if (!posted.ok) logger.warn({ error: posted.error }, 'freeze notice not posted');
  }

  return {
    async frozen(freeze, pending) {
      await notice(freezeNoticeView(freeze));
      await editCards(pending, freeze);
    },
    async unfrozen(freeze, by, pending) {
      await notice(unfreezeNoticeView(freeze, by));
      await editCards(pending, undefined);
    },
  };
}
