import { describe, expect, it } from 'vitest';
import {
  type AccessConfig,
  canApprove,
  canReject,
  canRequest,
  countedApprovals,
  modeRefusal,
} from './access-policy.js';

const access: AccessConfig = {
  operators: ['U0ALICE', 'S0OPS'],
  approvers: ['U0BOB', 'S0APPROVERS'],
  allowSelfApproval: false,
};
const now = new Date('2026-08-22T09:30:00Z');
const pending = {
  requester: 'U0ALICE',
  status: 'pending',
  expiresAt: '2026-08-22T09:45:00Z',
  now,
  approvalsNeeded: 1,
  approvedBy: [],
};

describe('canRequest', () => {
  it.each([
    ['a listed operator', { userId: 'U0ALICE', groups: [] }, true],
    ['a member of an operator group', { userId: 'U0CAROL', groups: ['S0OPS'] }, true],
    ['anyone else', { userId: 'U0MALLORY', groups: ['S0OTHER'] }, false],
  ])('%s → %s', (_name, actor, allowed) => {
    expect(canRequest(access, actor).allowed).toBe(allowed);
  });

  it('lets everyone request when OPERATORS is empty', () => {
    expect(canRequest({ ...access, operators: [] }, { userId: 'U0ANY', groups: [] })).toEqual({
      allowed: true,
    });
  });
});

describe('canApprove', () => {
  it.each([
    ['an approver', { userId: 'U0BOB', groups: [] }, pending, true],
    ['an approver by group', { userId: 'U0DAVE', groups: ['S0APPROVERS'] }, pending, true],
    ['a non-approver', { userId: 'U0MALLORY', groups: [] }, pending, false],
    ['the requester', { userId: 'U0ALICE', groups: ['S0APPROVERS'] }, pending, false],
    [
      'after expiry',
      { userId: 'U0BOB', groups: [] },
      { ...pending, expiresAt: '2026-08-22T09:30:00Z' },
      false,
    ],
    ['an approved request', { userId: 'U0BOB', groups: [] }, { ...pending, status: 'approved' }, false],
    [
      'a second yes from the same person',
      { userId: 'U0BOB', groups: [] },
      { ...pending, approvedBy: ['U0BOB'] },
      false,
    ],
  ])('%s', (_name, actor, request, allowed) => {
    expect(canApprove(access, actor, request).allowed).toBe(allowed);
  });

  it('says why the requester may not approve', () => {
    expect(canApprove(access, { userId: 'U0ALICE', groups: ['S0APPROVERS'] }, pending)).toEqual({
      allowed: false,
      reason: 'You asked for this: someone else has to approve it.',
    });
  });

  it('lets the requester approve when self-approval is on', () => {
    const selfAccess = { ...access, approvers: [...access.approvers, 'U0ALICE'], allowSelfApproval: true };

    expect(canApprove(selfAccess, { userId: 'U0ALICE', groups: [] }, pending)).toEqual({ allowed: true });
  });

  it('never counts the requester towards a procedure that needs two approvers, even with self-approval on', () => {
    const selfAccess = { ...access, approvers: [...access.approvers, 'U0ALICE'], allowSelfApproval: true };
    const twoNeeded = { ...pending, approvalsNeeded: 2 };

    expect(canApprove(selfAccess, { userId: 'U0ALICE', groups: [] }, twoNeeded)).toEqual({
      allowed: false,
      reason: 'You asked for this: it needs 2 approvers other than you.',
    });
    expect(
      canApprove(selfAccess, { userId: 'U0BOB', groups: [] }, { ...twoNeeded, approvedBy: ['U0DAVE'] }),
    ).toEqual({ allowed: true });
  });
});

describe('countedApprovals', () => {
  it('leaves out a yes of the requester when two or more are needed', () => {
    const request = { requester: 'U0ALICE', approvalsNeeded: 2 };

    expect(countedApprovals(request, ['U0ALICE', 'U0BOB'])).toEqual(['U0BOB']);
  });

  it('counts a self-approval of a one-approval procedure', () => {
    expect(countedApprovals({ requester: 'U0ALICE', approvalsNeeded: 1 }, ['U0ALICE'])).toEqual(['U0ALICE']);
  });
});

describe('modeRefusal', () => {
  it('lets a request run in the mode it was made in', () => {
    expect(modeRefusal(true, true)).toBeUndefined();
    expect(modeRefusal(false, false)).toBeUndefined();
  });

  it('refuses a dry-run request once the bot runs for real, saying so', () => {
    expect(modeRefusal(true, false)).toBe(
      'This was requested as a DRY RUN while the bot now runs for real (DRY_RUN=false), so it cannot be approved. Nothing ran; request it again.',
    );
  });

  it('refuses a real request once the bot runs as a dry run', () => {
    expect(modeRefusal(false, true)).toMatch(
      /^This was requested to run for real while the bot now runs as a DRY RUN/,
    );
  });
});

describe('canReject', () => {
  it.each([
    ['the requester', 'U0ALICE', true],
    ['an approver', 'U0BOB', true],
    ['a bystander', 'U0MALLORY', false],
  ])('%s → %s', (_name, userId, allowed) => {
    expect(canReject(access, { userId, groups: [] }, pending).allowed).toBe(allowed);
  });
});
