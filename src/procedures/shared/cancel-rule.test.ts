import { describe, expect, it } from 'vitest';
import { cancelRule } from './cancel-rule.js';
import type { Step } from './plan.js';

const read: Step = { kind: 'omnictl', title: 'Validate', args: ['v'], timeoutMs: 1, mutating: false };
const del: Step = {
  kind: 'omnictl',
  title: 'Delete the cluster',
  args: ['d'],
  timeoutMs: 1,
  mutating: true,
  cancelLeaves: 'the cluster c is deleted and will not be redeployed',
};
const restart: Step = {
  kind: 'ssh',
  title: 'Restart',
  host: 'h',
  cwd: '/',
  argv: ['x'],
  timeoutMs: 1,
  mutating: true,
};

describe('cancelRule', () => {
  it('lets the requester cancel while no destructive step has started', () => {
    expect(cancelRule([read, del], ['running', 'pending'])).toEqual({ approverOnly: false });
  });

  it('leaves it to an approver once a destructive step has started, saying what a cancel leaves', () => {
    expect(cancelRule([read, del, read], ['ok', 'running', 'pending'])).toEqual({
      approverOnly: true,
      leaves: 'the cluster c is deleted and will not be redeployed',
    });
  });

  it('does not count a destructive step skipped (dry run) or refused by Omni as expected', () => {
    expect(cancelRule([del, del], ['skipped', 'refused-expected'])).toEqual({ approverOnly: false });
  });

  it('names the step when the plan says nothing of its state', () => {
    expect(cancelRule([read, restart], ['ok', 'failed'])).toEqual({
      approverOnly: true,
      leaves: 'what step 2 (Restart) changed stays as it is, and no later step runs',
    });
  });

  it('in a resumed run, keeps what a destructive step of the interrupted run left', () => {
    expect(cancelRule([read], ['running'], 'the cluster c is deleted and will not be redeployed')).toEqual({
      approverOnly: true,
      leaves: 'the cluster c is deleted and will not be redeployed',
    });
  });
});
