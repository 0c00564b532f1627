import type { RequestRecord } from '../../store/records.js';
import type { Freeze } from './freeze-state.js';

// How a freeze is told to people (the incident channel, the pending cards); the Slack layer
// implements it. Kept apart from the Announcer, which speaks of requests and runs.
export type FreezeNotices = {
  // `pending`: the requests waiting for approval, each with who approved it so far.
  frozen(freeze: Freeze, pending: readonly PendingCard[]): Promise<void>;
  unfrozen(freeze: Freeze, by: string, pending: readonly PendingCard[]): Promise<void>;
};

export type PendingCard = { request: RequestRecord; approvedBy: readonly string[] };
