import { describe, expect, it } from 'vitest';
import { answeredAtOnce, mainAnswering } from './receiver-thread-policy.mjs';

const ids = { commands: new Set(['/omni']), actionIds: new Set(['approval.approve', 'alert.diagnose']) };

describe('answeredAtOnce', () => {
  it.each([
    ['the bot command', { command: '/omni', text: 'help' }, true],
    ['another command', { command: '/deploy', text: '' }, false],
    [
      'a click on a known button',
      { type: 'block_actions', actions: [{ action_id: 'approval.approve' }] },
      true,
    ],
    [
      'a click on an unknown button',
      { type: 'block_actions', actions: [{ action_id: 'approval.approve2' }] },
      false,
    ],
    [
      'two actions at once',
      {
        type: 'block_actions',
        actions: [{ action_id: 'approval.approve' }, { action_id: 'alert.diagnose' }],
      },
      false,
    ],
    ['no actions', { type: 'block_actions', actions: [] }, false],
    ['a forged non-string action id', { type: 'block_actions', actions: [{ action_id: 42 }] }, false],
    ['a null action', { type: 'block_actions', actions: [null] }, false],
    ['a modal submission', { type: 'view_submission', view: { callback_id: 'recover.confirm' } }, false],
    ['an Events API callback', { type: 'event_callback', event: { type: 'app_mention' } }, false],
  ])('%s: %s', (_name, body, expected) => {
    expect(answeredAtOnce(body as Record<string, unknown>, ids)).toBe(expected);
  });
});

describe('mainAnswering', () => {
  it('is answering with nothing waiting, or while the oldest wait is shorter than the limit', () => {
    expect(mainAnswering(new Map(), 10_000, 1_000)).toBe(true);
    expect(
      mainAnswering(
        new Map([
          [1, 9_500],
          [2, 9_990],
        ]),
        10_000,
        1_000,
      ),
    ).toBe(true);
  });

  it('is stuck once the oldest request handed over has waited the limit', () => {
    expect(
      mainAnswering(
        new Map([
          [1, 9_000],
          [2, 9_990],
        ]),
        10_000,
        1_000,
      ),
    ).toBe(false);
    expect(mainAnswering(new Map([[7, 10_000]]), 10_000, 0)).toBe(false);
  });
});
