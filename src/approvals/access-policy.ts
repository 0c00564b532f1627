/**
 * Who may ask for a destructive procedure and who may say yes to it. Pure: group membership
 * is looked up by the caller and passed in, and time comes in as an argument.
 */
export type AccessConfig = {
  operators: readonly string[];
  approvers: readonly string[];
  allowSelfApproval: boolean;
};

// The principal and the user groups (S…) Slack says they belong to.
export type Actor = { userId: string; groups: readonly string[] };

type Decision = { allowed: true } | { allowed: false; reason: string };

function isListed(actor: Actor, list: readonly string[]): boolean {
  return list.includes(actor.userId) || actor.groups.some((group) => list.includes(group));
}

export function isApprover(access: AccessConfig, actor: Actor): boolean {
  return isListed(actor, access.approvers);
}

export function canRequest(access: AccessConfig, actor: Actor): Decision {
  if (access.operators.length === 0 || isListed(actor, access.operators)) return { allowed: true };
  return {
    allowed: false,
    reason: 'You are not one of the operators who may request recovery procedures (OPERATORS).',
  };
}

type ApprovalContext = {
  requester: string;
  status: string;
  expiresAt: string;
  now: Date;
  // How many yeses the procedure needs; from two on, none of them may be the requester's.
  approvalsNeeded: number;
  // Who approved already, for procedures that need more than one yes.
  approvedBy: readonly string[];
};

// ALLOW_SELF_APPROVAL lets a requester be the one approver of a one-approval procedure; a procedure
// that needs more (recover-cluster) needs them all besides the requester, whatever the setting.
function selfApprovalAllowed(access: AccessConfig, approvalsNeeded: number): boolean {
  return access.allowSelfApproval && approvalsNeeded < 2;
}

/**
 * The approvals that count towards `approvalsNeeded`: for a procedure needing two or more, a yes the
 * requester recorded (a database from before this rule) is not one of them.
 */
export function countedApprovals(
  request: { requester: string; approvalsNeeded: number },
  approvedBy: readonly string[],
): string[] {
  if (request.approvalsNeeded < 2) return [...approvedBy];
  return approvedBy.filter((userId) => userId !== request.requester);
}

export function canApprove(access: AccessConfig, actor: Actor, request: ApprovalContext): Decision {
  if (request.status !== 'pending')
    return { allowed: false, reason: `This request is already ${request.status}.` };
  if (isExpired(request.expiresAt, request.now))
    return { allowed: false, reason: 'This request has expired.' };
  if (!isListed(actor, access.approvers)) {
    return { allowed: false, reason: 'You are not an approver for recovery procedures (APPROVERS).' };
  }
  if (actor.userId === request.requester && !selfApprovalAllowed(access, request.approvalsNeeded)) {
    return {
      allowed: false,
      reason:
        request.approvalsNeeded < 2
          ? 'You asked for this: someone else has to approve it.'
          : `You asked for this: it needs ${request.approvalsNeeded} approvers other than you.`,
    };
  }
  if (request.approvedBy.includes(actor.userId)) {
    return { allowed: false, reason: 'You have already approved this request; it needs another approver.' };
  }
  return { allowed: true };
}

/**
 * A request runs in the mode it was made in (DRY_RUN then), the mode its card showed. When the bot
 * has been restarted in the other mode since, the request cannot be approved: either the approver
 * would run for real what was asked as a rehearsal, or only rehearse what was asked for real.
 */
export function modeRefusal(requestedDryRun: boolean, botDryRun: boolean): string | undefined {
  if (requestedDryRun === botDryRun) return undefined;
  return requestedDryRun
    ? 'This was requested as a DRY RUN while the bot now runs for real (DRY_RUN=false), so it cannot be approved. Nothing ran; request it again.'
    : 'This was requested to run for real while the bot now runs as a DRY RUN (DRY_RUN=true), so it cannot be approved. Nothing ran; request it again.';
}

// Rejecting is open to approvers and to the requester (who may withdraw their own request).
export function canReject(access: AccessConfig, actor: Actor, request: ApprovalContext): Decision {
  if (request.status !== 'pending')
    return { allowed: false, reason: `This request is already ${request.status}.` };
  if (actor.userId === request.requester || isListed(actor, access.approvers)) return { allowed: true };
  return { allowed: false, reason: 'Only an approver or the requester can reject this request.' };
}

function isExpired(expiresAt: string, now: Date): boolean {
  return Date.parse(expiresAt) <= now.getTime();
}

export function expiryFor(now: Date, ttlMs: number): string {
  return new Date(now.getTime() + ttlMs).toISOString();
}
