import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeWebClient } from './fake-web-client.js';
import { startFakeSlack } from './start-fake-slack.js';
import { validateBlocks } from './validate-blocks.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8'));
const text = (t: string, type = 'plain_text') => ({ type, text: t });
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'a',
  text: text('Go'),
  value: 'v',
  ...extra,
});
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: text('Sure?'),
  text: text('Really', 'mrkdwn'),
  confirm: text('Yes'),
  deny: text('No'),
  ...extra,
});
const actions = (elements: unknown[]) => [{ type: 'actions', block_id: 'act', elements }];
const message = (blocks: unknown[]) => validateBlocks(blocks, { maxBlocks: 50, pointer: '/blocks' });

describe('validateBlocks', () => {
  it('accepts the approval message of the fixtures', () => {
    expect(message(fixture('block-actions.payload.json').message.blocks)).toEqual([]);
  });

  it.each([
    ['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks'],
    [
      'section text of 3001',
      [{ type: 'section', text: text('x'.repeat(3001), 'mrkdwn') }],
      '/blocks/0/text/text',
    ],
    [
      '11 section fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => text('f')) }],
      '/blocks/0/fields',
    ],
    ['a 2001-char field', [{ type: 'section', fields: [text('x'.repeat(2001))] }], '/blocks/0/fields/0/text'],
    ['header text of 151', [{ type: 'header', text: text('x'.repeat(151)) }], '/blocks/0/text/text'],
    [
      'button text of 76',
      actions([button({ text: text('x'.repeat(76)) })]),
      '/blocks/0/elements/0/text/text',
    ],
    ['button value of 2001', actions([button({ value: 'x'.repeat(2001) })]), '/blocks/0/elements/0/value'],
    ['action_id of 256', actions([button({ action_id: 'x'.repeat(256) })]), '/blocks/0/elements/0/action_id'],
    ['block_id of 256', [{ type: 'divider', block_id: 'x'.repeat(256) }], '/blocks/0/block_id'],
    ['duplicate action_id', actions([button(), button()]), '/blocks/0/elements/1/action_id'],
    [
      '26 actions elements',
      actions(Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` }))),
      '/blocks/0/elements',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => text('c')) }],
      '/blocks/0/elements',
    ],
    [
      'confirm title of 101',
      actions([button({ confirm: confirm({ title: text('x'.repeat(101)) }) })]),
      '/confirm/title/text',
    ],
    [
      'confirm text of 301',
      actions([button({ confirm: confirm({ text: text('x'.repeat(301)) }) })]),
      '/confirm/text/text',
    ],
    [
      'confirm button of 31',
      actions([button({ confirm: confirm({ confirm: text('x'.repeat(31)) }) })]),
      '/confirm/confirm/text',
    ],
    [
      'deny button of 31',
      actions([button({ confirm: confirm({ deny: text('x'.repeat(31)) }) })]),
      '/confirm/deny/text',
    ],
    ['an unknown block type', [{ type: 'sektion', text: text('x') }], '/blocks/0/type'],
  ])('refuses %s', (_case, blocks, pointer) => {
    const problems = message(blocks);

    expect(problems.some((p) => p.includes(`${pointer}]`))).toBe(true);
  });

  it('uses Slack’s wording for a section text that is too long', () => {
    const problems = message([
      { type: 'divider' },
      { type: 'section', text: text('x'.repeat(3001), 'mrkdwn') },
    ]);

    expect(problems).toEqual(fixture('web-api/errors/invalid_blocks.json').errors);
  });

  it('accepts exactly the limits', () => {
    const blocks = [
      { type: 'header', text: text('x'.repeat(150)) },
      {
        type: 'section',
        text: text('x'.repeat(3000), 'mrkdwn'),
        fields: Array.from({ length: 10 }, () => text('x'.repeat(2000))),
      },
      {
        type: 'actions',
        elements: [
          button({ text: text('x'.repeat(75)), value: 'x'.repeat(2000), action_id: 'x'.repeat(255) }),
        ],
      },
      ...Array.from({ length: 47 }, () => ({ type: 'divider' })),
    ];

    expect(message(blocks)).toEqual([]);
  });
});

describe('invalid blocks through the Web API', () => {
  const fakePromise = startFakeSlack();
  afterAll(async () => (await fakePromise).close());

  it('answers invalid_blocks with errors and [ERROR] messages, and stores nothing', async () => {
    const fake = await fakePromise;

    const post = fakeWebClient(fake).chat.postMessage({
      channel: 'C0OPS',
      text: 'x',
      blocks: actions([button(), button()]),
    });

    await expect(post).rejects.toMatchObject({
      data: {
        error: 'invalid_blocks',
        errors: [expect.stringContaining('duplicate action_id')],
        response_metadata: { messages: [expect.stringMatching(/^\[ERROR\] duplicate action_id/)] },
      },
    });
    expect(fake.channelMessages('C0OPS')).toEqual([]);
  });

  it('answers invalid_blocks_format for blocks that are not a JSON array', async () => {
    const fake = await fakePromise;

    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.options.botToken}` },
      body: 'channel=C0OPS&text=x&blocks=%5Bnot-json',
    });

    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });
});
