import { type AccessConfig, type Actor, isApprover } from '../../approvals/access-policy.js';
import type { Store } from '../../store/create-store.js';
import { fail, type Outcome, succeed } from '../outcome.js';
import type { FreezeNotices, PendingCard } from './freeze-notices.js';
import { describeFreeze, type Freeze, freezeMentions, readFreeze } from './freeze-state.js';

export type FreezeDeps = {
  store: Store;
  access: AccessConfig;
  clock: () => Date;
  notices?: FreezeNotices;
};

const MAX_REASON = 500;

async function pendingCards(store: Store): Promise<PendingCard[]> {
  const cards: PendingCard[] = [];
  for (const request of await store.requests.pending())
    cards.push({ request, approvedBy: await store.decisions.approvers(request.id) });
  return cards;
}

// `/omni freeze <reason…>`: approvers only; the first freeze stays in force (with its author).
export async function freezeChanges(
  deps: FreezeDeps,
  actor: Actor | 'bot',
  reason: string,
): Promise<Outcome<Freeze>> {
  if (actor !== 'bot' && !isApprover(deps.access, actor))
    return fail('denied', 'Only approvers (APPROVERS) may freeze changes.');
  const said = reason.trim().slice(0, MAX_REASON);
  if (!said) return fail('usage', 'Say why: `/omni freeze <reason…>`.');
  const by = actor === 'bot' ? 'bot' : actor.userId;
  const freeze: Freeze = { by, since: deps.clock().toISOString(), reason: said };
  const set = await deps.store.transaction(async (tx) => {
    if (!(await tx.freeze.set(freeze))) return false;
    await tx.audit.append({ at: freeze.since, actor: by, action: 'freeze', detail: { reason: said } });
    return true;
  });
  if (!set) {
    const current = await readFreeze(deps);
    return fail(
      'refused',
      `Already frozen. ${current ? describeFreeze(current, { mention: true }) : ''}`.trim(),
      freezeMentions(current),
    );
  }
  await deps.notices?.frozen(freeze, await pendingCards(deps.store));
  return succeed(freeze);
}

// `/omni unfreeze`: approvers only, and not the one who froze unless ALLOW_SELF_APPROVAL=true.
export async function unfreezeChanges(deps: FreezeDeps, actor: Actor): Promise<Outcome<Freeze>> {
  if (!isApprover(deps.access, actor))
    return fail('denied', 'Only approvers (APPROVERS) may unfreeze changes.');
  const at = deps.clock().toISOString();
  // Read and cleared in one transaction: the freeze checked (who froze it) is the one lifted, also
  // when another replica freezes or unfreezes at the same moment.
  const outcome = await deps.store.transaction(async (tx): Promise<Outcome<Freeze>> => {
    const current = await tx.freeze.get();
    if (!current) return fail('refused', 'Changes are not frozen.');
    if (current.by === actor.userId && !deps.access.allowSelfApproval)
      return fail(
        'denied',
        `You froze changes (<@${actor.userId}>): another approver must unfreeze them (or set ALLOW_SELF_APPROVAL=true).`,
        [actor.userId],
      );
    if (!(await tx.freeze.clear())) return fail('refused', 'Changes are not frozen.');
    await tx.audit.append({
      at,
      actor: actor.userId,
      action: 'unfreeze',
      detail: { frozenBy: current.by, since: current.since, reason: current.reason },
    });
    return succeed(current);
  });
  if (!outcome.ok) return outcome;
  const current = outcome.value;
  await deps.notices?.unfrozen(current, actor.userId, await pendingCards(deps.store));
  return succeed(current);
}
