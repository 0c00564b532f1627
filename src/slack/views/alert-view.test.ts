import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../test/fakes/slack/validate-blocks.js';
import type { AlertCondition } from '../../watch/alert-condition.js';
import { alertDigestView } from './alert-digest-view.js';
import {
  alertChangeNoteView,
  alertResolvedNoteView,
  alertView,
  diagnoseButtonValue,
  parseDiagnoseValue,
  resolvedAlertView,
} from './alert-view.js';
import type { SlackMessage } from './block-kit.js';

const stuck: AlertCondition = {
  condition: 'stuck-teardown',
  resource: 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82',
  cluster: 'talos-prod',
  summary: 'talos-prod-workers-p7nz2d in talos-prod is stuck tearing down (stage DESTROYING)',
  since: '2026-08-21T07:03:26Z',
  detail: { hostname: 'talos-prod-workers-p7nz2d' },
  diagnose: 'stuck-machines',
};
const provider: AlertCondition = {
  condition: 'provider-disconnected',
  resource: 'proxmox',
  summary: 'Infra provider proxmox is disconnected; its key has expired',
  detail: { hints: ['Rotate it with `/omni rotate-provider-key`.'] },
  diagnose: 'provider-status',
};

const valid = (message: SlackMessage) =>
  validateBlocks(message.blocks, { maxBlocks: 50, pointer: '/blocks' });
const json = (message: SlackMessage) => JSON.stringify(message);

describe('alert views', () => {
  it('says what, where and since when, with a Diagnose button naming the report and cluster', () => {
    const message = alertView({ condition: stuck, firstSeen: '2026-08-22T09:30:00Z' });

    expect(valid(message)).toEqual([]);
    expect(message.text).toBe(`Machine stuck tearing down: ${stuck.summary}`);
    expect(json(message)).toContain(
      'talos-prod-workers-p7nz2d `e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82` in *talos-prod*',
    );
    expect(json(message)).toContain('<!date^1787295806^');
    expect(message.blocks).toContainEqual({
      type: 'actions',
      block_id: 'alert.actions',
      elements: [
        {
          type: 'button',
          action_id: 'alert.diagnose',
          text: { type: 'plain_text', text: 'Diagnose', emoji: true },
          value: 'stuck-machines:talos-prod',
        },
      ],
    });
  });

  it('shows the hints of a provider alert', () => {
    expect(json(alertView({ condition: provider, firstSeen: '2026-08-22T09:30:00Z' }))).toContain(
      ':bulb: Rotate it with `/omni rotate-provider-key`.',
    );
  });

  it('turns the alert into its resolved form, without the button', () => {
    const message = resolvedAlertView(
      { condition: stuck, firstSeen: '2026-08-22T09:30:00Z' },
      { at: '2026-08-22T10:00:00Z', durationMs: 26 * 60_000 },
    );

    expect(valid(message)).toEqual([]);
    expect(message.text).toMatch(/^Resolved after 26m: /);
    expect(json(message)).not.toContain('alert.diagnose');
  });

  it('writes short thread notes for a change and a resolution', () => {
    const changed = alertChangeNoteView({ ...stuck, summary: 'now BEFORE_DESTROY' }, stuck.summary);

    expect(changed.text).toBe('Changed: now BEFORE_DESTROY');
    expect(json(changed)).toContain(`Was: ${stuck.summary}`);
    expect(alertResolvedNoteView(90_000).text).toBe('Resolved after 1m 30s.');
  });

  it('lists a digest with one Diagnose button per open alert, within Slack limits', () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({
      condition: { ...stuck, resource: `m-${i}` },
      status: i === 0 ? ('resolved' as const) : ('open' as const),
      durationMs: i === 0 ? 60_000 : undefined,
    }));

    const message = alertDigestView(entries);

    expect(valid(message)).toEqual([]);
    expect(message.text).toBe('60 problems found at once in the fleet (59 still open)');
    expect(json(message)).toContain('resolved after 1m');
    expect(json(message)).toContain('… and 15 more');
  });
});

describe('diagnose button value', () => {
  it.each([
    ['stuck-machines:talos-prod', { command: 'stuck-machines', cluster: 'talos-prod' }],
    ['provider-status:', { command: 'provider-status' }],
    ['restart-provider:', undefined],
    ['drift:Bad_Name', undefined],
    ['drift:a:b', undefined],
    ['drift', undefined],
  ])('reads %s', (value, expected) => {
    expect(parseDiagnoseValue(value)).toEqual(expected);
  });

  it('round-trips', () => {
    expect(parseDiagnoseValue(diagnoseButtonValue('reboot-loop', 'talos-prod'))).toEqual({
      command: 'reboot-loop',
      cluster: 'talos-prod',
    });
  });
});
