// The removal both act benchmarks time: w3 of talos-prod requested by alice, then approved by bob
// once the bot has gone quiet, up to the run's summary in the card's thread.
import { setTimeout as delay } from 'node:timers/promises';
import type { StoredMessage } from '../test/fakes/slack/fake-slack-types.js';
import { storedMessage, W3 } from '../test/support/approval-flow.js';
import { CHANNEL, USERS } from '../test/support/bot-harness.js';
import type { BenchBot } from './start-bench-bot.js';

type SlackCall = BenchBot['slack']['calls'][number];

/** omnictl's first words that change nothing in Omni: the re-plan's reads. */
export const READ_ONLY = /^(get|--version|machine-logs|serviceaccount|infraprovider list)$/;

export async function waitForCall(bot: BenchBot, matches: (c: SlackCall) => boolean): Promise<SlackCall> {
  for (let waited = 0; waited < 60_000; waited += 5) {
    const found = bot.slack.calls.find(matches);
    if (found) return found;
    await delay(5);
  }
  throw new Error('no such Slack call within 60 s');
}

export async function approveRemoval(
  bot: BenchBot,
): Promise<{ card: StoredMessage; clickedAt: number; summary: SlackCall }> {
  const from = bot.slack.calls.length;
  await bot.command(`delete-clustermachine ${W3} VM deleted in Proxmox`, {
    userId: USERS.alice,
    channelId: CHANNEL,
  });
  const cardCall = await waitForCall(
    bot,
    (c) =>
      bot.slack.calls.indexOf(c) >= from &&
      c.method === 'chat.postMessage' &&
      /approval needed/.test(String(c.params.text)),
  );
  const card = storedMessage(bot.slack, cardCall);
  // The card's own reads and writes are done; let the bot go quiet before the click.
  await delay(500);
  const clickedAt = Date.now();
  await bot.click(card, 'approval.approve', USERS.bob);
  const summary = await waitForCall(
    bot,
    (c) =>
      c.method === 'chat.postMessage' &&
      c.params.thread_ts === card.ts &&
      /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
  );
  return { card, clickedAt, summary };
}
