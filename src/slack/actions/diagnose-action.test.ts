import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { fail } from '../../recovery/outcome.js';
import type { UseCases } from '../command-context.js';
import type { PostResult } from '../slack-messenger.js';
import type { SlackMessage } from '../views/block-kit.js';
import type { ActionContext } from './action-context.js';
import { diagnoseAction } from './diagnose-action.js';

// A Diagnose click whose thread reply Slack answers with `posted`; what the clicker is told is kept.
function click(value: string, posted: PostResult, told: SlackMessage[], threaded: SlackMessage[]) {
  const context = {
    userId: 'U0CAROL',
    channelId: 'C0INC',
    value,
    tell: async (message: SlackMessage) => {
      told.push(message);
    },
    replyInThread: async (message: SlackMessage) => {
      threaded.push(message);
      return posted;
    },
    logger: pino({ level: 'silent' }),
  };
  return context as unknown as ActionContext;
}

const useCases = {
  drift: async () => fail('omni', 'Omni did not answer.'),
} as unknown as UseCases;

describe('diagnoseAction', () => {
  it.each(['not_in_channel', 'channel_not_found', 'is_archived'])(
    'when Slack says %s, tells the clicker to invite the bot instead of failing',
    async (error) => {
      const told: SlackMessage[] = [];
      const threaded: SlackMessage[] = [];

      await diagnoseAction(click('drift:talos-prod', { ok: false, error }, told, threaded), useCases);

      expect(threaded).toHaveLength(1);
      expect(told.map((m) => m.text)).toEqual([
        'I cannot post in this channel. Invite me first (`/invite @omni-chatops`), then click Diagnose again.',
      ]);
    },
  );

  it('leaves any other Slack refusal to the error boundary', async () => {
    const told: SlackMessage[] = [];

    const clicked = diagnoseAction(
      click('drift:talos-prod', { ok: false, error: 'ratelimited' }, told, []),
      useCases,
    );

    await expect(clicked).rejects.toThrow('chat.postMessage failed: ratelimited');
    expect(told).toEqual([]);
  });
});
