// Issue #16: kept messages (the outbox) on one PostgreSQL database, delivered by two replicas at
// once to the fake Slack: each one is posted exactly once.
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createOutboxDelivery } from '../../src/notify/create-outbox-delivery.js';
import { sendMessage } from '../../src/slack/send-message.js';
import { createMessenger } from '../../src/slack/slack-messenger.js';
import type { SlackMessage } from '../../src/slack/views/block-kit.js';
import type { Store } from '../../src/store/create-store.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { storeEngines } from '../support/store/store-engines.js';

const { describeEachEngine } = await storeEngines();

let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(() => slack.close());

function deliveryOf(store: Store, replica: string) {
  const web = new WebClient(slack.options.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  const messenger = createMessenger(web);
  return createOutboxDelivery({
    outbox: store.outbox,
    send: (target, message) => sendMessage(messenger, target, message as SlackMessage),
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
    replica,
  });
}

describeEachEngine('kept messages delivered by two replicas', (engine) => {
  it.skipIf(engine.engine === 'sqlite')(
    'two replicas deliver 20 kept messages at once: each is posted exactly once',
    async () => {
      const a = await engine.open();
      const b = await engine.another(a);
      const texts = Array.from({ length: 20 }, (_, i) => `run ${i} summary`);
      for (const [i, text] of texts.entries())
        await a.store.outbox.add({
          what: 'summary',
          runId: `run-${i}`,
          channel: 'C0OPS',
          threadTs: null,
          message: { text, blocks: [] },
          createdAt: '2026-08-22T09:30:00.000Z',
        });
      // Each post takes a moment, so the two passes overlap from the first message to the last.
      slack.failNext('chat.postMessage', { delayMs: 25, times: 40 });

      const [byA, byB] = await Promise.all([
        deliveryOf(a.store, 'replica-a').deliver(),
        deliveryOf(b.store, 'replica-b').deliver(),
      ]);

      const posted = slack.callsTo('chat.postMessage').map((call) => String(call.params.text));
      expect(posted.toSorted()).toEqual(texts.toSorted());
      expect(byA + byB).toBe(20);
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
      expect(await a.store.outbox.count()).toBe(0);
    },
  );
});
