import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../test/fakes/slack/validate-blocks.js';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import { findStuckMachines } from '../../procedures/diagnostics/find-stuck-machines.js';
import { ACTION } from '../action-ids.js';
import { driftView } from './drift-view.js';
import { stuckMachinesView } from './stuck-machines-view.js';

const now = new Date('2026-08-22T09:30:00Z');
const REBOOTING = '11111111-1111-4111-8111-111111111111';
const GONE = '22222222-2222-4222-8222-222222222222';
const fleet = buildFleet([
  { id: REBOOTING, hostname: 'rebooting', connected: false, stage: 7, updated: '2026-08-22T09:29:50Z' },
  { id: GONE, hostname: 'gone', connected: false, updated: '2026-08-22T08:00:00Z' },
]);
const report = findStuckMachines(fleet, { now, stuckAfterMs: 600_000 });
// 2026-08-22T09:39:50Z, when the rebooting machine becomes removable.
const REMOVABLE_FROM = '<!date^1787391590^{date_short_pretty} {time}|2026-08-22 09:39 UTC>';

type Button = { action_id?: string; value?: string };
type Block = { accessory?: Button; elements?: Button[] };
const buttonsFor = (blocks: unknown[] = []) =>
  (blocks as Block[])
    .flatMap((b) => [b.accessory, ...(b.elements ?? [])])
    .filter((e): e is Button => e?.action_id !== undefined)
    .map((e) => [e.action_id, e.value]);

describe('stuckMachinesView', () => {
  it('shows a machine unreachable for 10 s as not removable yet, with when, and offers no removal for it', () => {
    const [message] = stuckMachinesView(report, 'U0ALICE');
    const text = JSON.stringify(message?.blocks);

    expect(text).toContain('unreachable for 10s: Omni has no connection to it');
    expect(text).toContain(
      `not removable yet (a rebooting machine is unreachable for a while): removable from ${REMOVABLE_FROM}`,
    );
    expect(text).toContain('unreachable for 1h 30m: Omni has no connection to it');
    expect(buttonsFor(message?.blocks)).toEqual([[ACTION.requestRemoval, GONE]]);
    expect(text).toContain(
      '*1 stuck machine* of 2 machines in 1 cluster: 1 unreachable. 1 more unreachable for less than STUCK_AFTER, not removable yet.',
    );
    expect(validateBlocks(message?.blocks ?? [], { maxBlocks: 50, pointer: '/blocks' })).toEqual([]);
  });
});

describe('driftView', () => {
  it('lists the machine unreachable for 10 s and counts only the removable ones on its button', () => {
    const message = driftView(
      { stuck: report.stuck, failedRequests: [], provisioningTooLong: [], machineClasses: [], unread: [] },
      'U0ALICE',
    );
    const text = JSON.stringify(message.blocks);

    expect(text).toContain(
      `REBOOTING, unreachable for 10s, not removable yet (a rebooting machine is unreachable for a while): removable from ${REMOVABLE_FROM}`,
    );
    expect(text).toContain('Request removal of the 1 stuck');
  });
});
