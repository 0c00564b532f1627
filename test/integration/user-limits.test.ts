import { afterEach, describe, expect, it } from 'vitest';
import { requestCard, W3 } from '../support/approval-flow.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function answerTo(h: Harness, text: string, userId: string): Promise<string> {
  const from = h.slack.responses.length;
  await h.command(text, { userId });
  const answer = await h.slack.waitForResponse(undefined, { from });
  return JSON.stringify(answer.body);
}

describe('limits per person', () => {
  it('one person over the command limit gets a clear answer; others are not affected; the window passes', async () => {
    harness = await startHarness({ overrides: { userRateLimit: { limit: 3, windowMs: 60_000 } } });
    const h = harness;
    for (let i = 0; i < 3; i += 1)
      expect(await answerTo(h, 'help', USERS.alice)).not.toContain('You have sent');

    const refused = await answerTo(h, 'stuck-machines', USERS.alice);
    const other = await answerTo(h, 'help', USERS.carol);
    h.clock.advance(60_000);
    const later = await answerTo(h, 'help', USERS.alice);

    expect(refused).toContain(
      'You have sent 3 /omni commands in the last 60 s, the most one person may. Try again in 60 s.',
    );
    expect(other).not.toContain('You have sent');
    expect(later).not.toContain('You have sent');
    // The refused report read nothing.
    expect((await h.omniLog()).length).toBe(0);
    expect(h.logs.some((line) => line.includes('command refused: rate limit'))).toBe(true);
  });

  it('a person with 3 open requests cannot open a fourth; others still can', async () => {
    harness = await startHarness();
    const h = harness;
    for (const n of [1, 2, 3]) await requestCard(h, `delete-clustermachine ${W3} try ${n}`, USERS.alice);
    const cards = h.slack.callsTo('chat.postMessage').length;

    const fourth = await answerTo(h, `delete-clustermachine ${W3} try 4`, USERS.alice);
    const carols = await requestCard(h, `delete-clustermachine ${W3} carol's`, USERS.carol);

    expect(fourth).toMatch(
      /You already have 3 open requests \(r-[0-9a-f]{12}, r-[0-9a-f]{12}, r-[0-9a-f]{12}\); at most 3 at a time/,
    );
    expect(JSON.stringify(carols.blocks)).toContain(`Requested by <@${USERS.carol}>`);
    // No card (and no incident notice) for the refused one: only Carol's card and its notice.
    expect(
      h.slack
        .callsTo('chat.postMessage')
        .slice(cards)
        .filter((c) => String(c.params.text).includes('try 4')),
    ).toEqual([]);
  });
});
