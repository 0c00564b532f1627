import { type Actor, canRequest, expiryFor } from '../approvals/access-policy.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { RequestRecord } from '../store/records.js';
import type { RequestDeps } from './approval-deps.js';
import { newId } from './new-id.js';
import { fail, type Outcome, succeed } from './outcome.js';
import { problemFromError } from './problem-from-error.js';

/**
 * Open (pending, unexpired) requests one person may have at once: each is a card and an incident
 * notice, and with OPERATORS empty anyone in the workspace can request.
 */
export const MAX_OPEN_REQUESTS_PER_USER = 3;

export type ProcedureRequest = {
  actor: Actor;
  channel: string;
  procedure: string;
  params: unknown;
  reason: string;
};

// Plans against what Omni says now, records the request, then asks for approval in the channel.
export async function requestProcedure(
  deps: RequestDeps,
  input: ProcedureRequest,
): Promise<Outcome<{ request: RequestRecord; plan: Plan }>> {
  const allowed = canRequest(deps.access, input.actor);
  if (!allowed.allowed) return fail('denied', allowed.reason);
  const at = deps.clock().toISOString();
  const open = (await deps.store.requests.pending()).filter(
    (r) => r.requester === input.actor.userId && r.expiresAt > at,
  );
  if (open.length >= MAX_OPEN_REQUESTS_PER_USER)
    return fail(
      'limited',
      `You already have ${open.length} open requests (${open.map((r) => r.id).join(', ')}); at most ${MAX_OPEN_REQUESTS_PER_USER} at a time. Wait until one is approved, rejected or expires, or ask an approver to reject one.`,
    );
  const procedure = deps.procedures[input.procedure];
  if (!procedure) return fail('unknown-procedure', `Unknown procedure ${input.procedure}.`);
  let planned: Awaited<ReturnType<typeof procedure.plan>>;
  try {
    planned = await procedure.plan(input.params);
  } catch (error) {
    return { ok: false, problem: problemFromError(error) };
  }
  if (planned.refused) return fail('refused', planned.reason);
  const { plan } = planned;
  const now = deps.clock();
  const id = newId('r');
  await deps.store.transaction(async (tx) => {
    await tx.requests.insert({
      id,
      procedure: input.procedure,
      params: input.params,
      plan,
      planFingerprint: plan.fingerprint,
      cluster: plan.cluster,
      requester: input.actor.userId,
      reason: input.reason,
      channel: input.channel,
      approvalsNeeded: plan.approvalsNeeded,
      dryRun: deps.dryRun,
      createdAt: now.toISOString(),
      expiresAt: expiryFor(now, deps.approvalTtlMs),
    });
    await tx.audit.append({
      at: now.toISOString(),
      actor: input.actor.userId,
      action: 'request.created',
      requestId: id,
      detail: {
        procedure: input.procedure,
        targets: plan.targets.map((t) => t.id),
        reason: input.reason,
        dryRun: deps.dryRun,
      },
    });
  });
  const request = (await deps.store.requests.get(id))!;
  const { ts: cardTs } = await deps.notifier.notify({ kind: 'request-opened', request, plan });
  if (cardTs) await deps.store.requests.setCardTs(id, cardTs);
  await deps.notifier.notify({
    kind: 'request-announced',
    request: (await deps.store.requests.get(id))!,
    plan,
  });
  deps.logger.info(
    { requestId: id, procedure: input.procedure, requester: input.actor.userId },
    'request created',
  );
  return succeed({ request: (await deps.store.requests.get(id))!, plan });
}
