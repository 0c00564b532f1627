import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PostResult } from '../slack/slack-messenger.js';
import { createSlackNotifier } from '../slack/slack-notifier.js';
import type { SlackMessage } from '../slack/views/block-kit.js';
import { createStore } from '../store/create-store.js';
import type { AlertCondition } from './alert-condition.js';
import type { AlertNotifier } from './alert-notice.js';
import { applyAlertActions } from './apply-alert-actions.js';
import { planAlerts } from './plan-alerts.js';

const AT = '2026-08-22T09:30:00.000Z';

// Records what the watcher asked Slack for; `refuse` answers the next post with a Slack error.
function recordingMessenger() {
  const calls: { method: string; channel: string; ts?: string; text: string }[] = [];
  let next = 1;
  let refusal: string | undefined;
  const messenger = {
    async post(channel: string, message: SlackMessage, threadTs?: string): Promise<PostResult> {
      calls.push({ method: 'post', channel, ts: threadTs, text: message.text });
      if (refusal) {
        const error = refusal;
        refusal = undefined;
        return { ok: false, error };
      }
      return { ok: true, ts: `100${next++}.000` };
    },
    async update(channel: string, ts: string, message: SlackMessage): Promise<PostResult> {
      calls.push({ method: 'update', channel, ts, text: message.text });
      return { ok: true, ts };
    },
    upload: async () => ({ ok: true as const }),
    permalink: async () => undefined,
  };
  return { messenger, calls, refuse: (error: string) => (refusal = error) };
}

const condition = (resource: string): AlertCondition => ({
  condition: 'machine-unreachable',
  resource,
  cluster: 'talos-prod',
  summary: `${resource} is unreachable`,
  since: '2026-08-22T09:00:00Z',
  detail: {},
  diagnose: 'stuck-machines',
});

async function rig() {
  const { alerts } = await createStore(':memory:');
  const slack = recordingMessenger();
  const logger = pino({ level: 'silent' });
  // The watcher's messages as the bot renders them: the real Slack notifier on a recording messenger.
  const notifier = createSlackNotifier({ messenger: slack.messenger, clock: () => new Date(AT), logger });
  const deps = { alerts, notifier, channel: 'C0INC', logger };
  return { alerts, slack, deps };
}

describe('applyAlertActions', () => {
  it('posts a digest once, then redraws it and notes in its thread as alerts clear', async () => {
    const { alerts, slack, deps } = await rig();
    const all = ['w1', 'w2', 'w3'].map(condition);
    const plan = async (conditions: AlertCondition[], at: string) =>
      planAlerts({
        conditions,
        alerts: await alerts.active(),
        now: new Date(at),
        graceMs: 0,
        digestThreshold: 2,
      });

    await applyAlertActions(deps, await plan(all, AT), AT);
    await applyAlertActions(
      deps,
      await plan(all.slice(1), '2026-08-22T09:40:00.000Z'),
      '2026-08-22T09:40:00.000Z',
    );

    expect(slack.calls).toEqual([
      {
        method: 'post',
        channel: 'C0INC',
        ts: undefined,
        text: '3 problems found at once in the fleet (3 still open)',
      },
      { method: 'post', channel: 'C0INC', ts: '1001.000', text: 'Resolved after 40m.' },
      {
        method: 'update',
        channel: 'C0INC',
        ts: '1001.000',
        text: '3 problems found at once in the fleet (2 still open)',
      },
    ]);
    expect((await alerts.open()).map((a) => [a.resource, a.messageTs, a.digest])).toEqual([
      ['w2', '1001.000', true],
      ['w3', '1001.000', true],
    ]);
  });

  it('keeps an alert Slack refused open without a message, and posts it on the next poll', async () => {
    const { alerts, slack, deps } = await rig();
    const plan = async () =>
      planAlerts({
        conditions: [condition('w1')],
        alerts: await alerts.active(),
        now: new Date(AT),
        graceMs: 0,
        digestThreshold: 5,
      });
    slack.refuse('not_in_channel');

    await applyAlertActions(deps, await plan(), AT);
    const afterRefusal = await alerts.get('machine-unreachable:w1');
    await applyAlertActions(deps, await plan(), AT);

    expect(afterRefusal).toMatchObject({ status: 'open', messageTs: null });
    expect(await alerts.get('machine-unreachable:w1')).toMatchObject({
      status: 'open',
      messageTs: '1001.000',
    });
    expect(slack.calls.map((c) => c.method)).toEqual(['post', 'post']);
  });

  it('goes on with the other actions when one of them throws', async () => {
    const { alerts, deps } = await rig();
    const failing: AlertNotifier = {
      notify: async () => {
        throw new Error('socket hang up');
      },
    };
    const plan = planAlerts({
      conditions: [condition('w1'), condition('w2')],
      alerts: [],
      now: new Date(AT),
      graceMs: 0,
      digestThreshold: 5,
    });

    await applyAlertActions({ ...deps, notifier: failing }, plan, AT);

    expect((await alerts.open()).map((a) => [a.resource, a.messageTs])).toEqual([
      ['w1', null],
      ['w2', null],
    ]);
  });
});
