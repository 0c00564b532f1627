import type { Logger } from 'pino';
import type { Store } from '../store/create-store.js';
import type { OutboxEntry } from '../store/outbox.js';

/**
 * The messages that must not be lost to an outage, because nothing later says the same: a run's
 * summary or interrupted notice, an incident-channel notice, and the final edits of the approval
 * card and of the run's status message (else they would say "running" for ever). Progress edits
 * and thread notes are not kept: a later message says more.
 */
export type KeptKind = 'summary' | 'interrupted' | 'incident' | 'card' | 'status';

export type KeptTarget = {
  what: KeptKind;
  runId: string | null;
  channel: string;
  threadTs: string | null;
  /** For an edit: the message to edit. */
  editTs?: string;
};

/** A rendered message, as the outbox stores it. */
export type KeptMessage = OutboxEntry['message'];

/** A refusal by the chat service; `unavailable`: it takes no message now (down, busy), not only this one. */
export type Refusal = { error: string; unavailable: boolean };

export type SendKept = (
  target: { channel: string; threadTs?: string | null; editTs?: string | null },
  message: KeptMessage,
) => Promise<Refusal | undefined>;

/** Runs `run` once after `ms`; returns what cancels it (tests pass their own). */
export type Schedule = (run: () => void, ms: number) => () => void;

export type OutboxDeps = {
  outbox: Store['outbox'];
  send: SendKept;
  clock: () => Date;
  logger: Logger;
  /** REPLICA_ID: the claim on a kept message names who is sending it. */
  replica: string;
  /** How long a claim lasts unless renewed (default 60 s): a dead replica's message waits this long. */
  claimTtlMs?: number;
  schedule?: Schedule;
};

export type OutboxDelivery = {
  /**
   * Sends a message that must not be lost; when it is refused (once the client's retries are spent)
   * it is kept, to be sent by a later pass. `render(happenedAt)`: the message, and the words it is
   * kept with when it will say when it happened.
   */
  sendOrKeep(target: KeptTarget, render: (happenedAt?: Date) => KeptMessage): Promise<void>;
  /** One pass; resolves to how many kept messages were taken. */
  deliver(): Promise<number>;
  // No pass starts after this; a pass in flight ends after the message it is posting, so the row of a
  // message Slack took is removed before the database closes (else it would go out again at the next start).
  stop(): Promise<void>;
};

// A message refused every time for its own reasons is given up after this many attempts (about 10
// minutes of sweeps), with an error log line, so it cannot retry forever.
export const MAX_REFUSALS = 20;

const CLAIM_TTL_MS = 60_000;

const defaultSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * The outbox policy: what is kept, and how kept messages are sent again (oldest first: new posts,
 * and final edits of messages already posted). Each leaves the outbox once it is taken. A pass
 * stops when the service is unavailable; the rest wait for the next pass.
 */
export function createOutboxDelivery(deps: OutboxDeps): OutboxDelivery {
  const { outbox, replica, claimTtlMs = CLAIM_TTL_MS, schedule = defaultSchedule } = deps;
  // One pass at a time: a slow pass and the next sweep must not post the same message twice.
  let delivering: Promise<number> | undefined;
  let stopped = false;
  const claimUntil = () => new Date(deps.clock().getTime() + claimTtlMs).toISOString();

  // Slack's client may retry one post for many minutes: the claim is renewed every third of its
  // length while it is being sent, so no other replica takes it meanwhile, and one that dies
  // mid-send leaves it to the others within one claim length.
  async function sendClaimed(entry: OutboxEntry, lost: Set<number>): Promise<Refusal | undefined> {
    let cancel: (() => void) | undefined;
    let renewing: Promise<unknown> | undefined;
    const renew = () => {
      cancel = schedule(
        () => {
          renewing = outbox
            .renew(entry.id, replica, claimUntil())
            .then((held) => {
              if (held) return;
              lost.add(entry.id);
              deps.logger.warn(
                { what: entry.what, runId: entry.runId },
                'kept message claim lost while sending',
              );
            })
            .catch((error: unknown) => deps.logger.warn({ err: error }, 'kept message claim not renewed'))
            .finally(() => {
              if (cancel) renew();
            });
        },
        Math.max(1, Math.floor(claimTtlMs / 3)),
      );
    };
    renew();
    try {
      return await deps.send(entry, entry.message);
    } finally {
      const stopRenewing = cancel;
      cancel = undefined;
      stopRenewing?.();
      // A renewal under way ends before the row is removed or freed.
      await renewing;
    }
  }

  // Takes one kept message at a time (FOR UPDATE SKIP LOCKED on PostgreSQL), so two replicas never
  // send the same one. A message Slack refuses for its own reasons is counted and freed at once, and
  // this pass does not take it again; a claim that ran out while sending is not freed under the
  // replica that took it over.
  const pass = async () => {
    let delivered = 0;
    const tried: number[] = [];
    const lost = new Set<number>();
    while (!stopped) {
      const [entry] = await outbox.take(replica, deps.clock().toISOString(), claimUntil(), 1, tried);
      if (!entry) break;
      tried.push(entry.id);
      const refusal = await sendClaimed(entry, lost);
      const log = {
        what: entry.what,
        runId: entry.runId,
        channel: entry.channel,
        attempts: entry.attempts + 1,
      };
      if (refusal === undefined) {
        await outbox.remove(entry.id);
        delivered += 1;
        deps.logger.info(log, 'kept message delivered');
        continue;
      }
      if (!refusal.unavailable && entry.attempts + 1 >= MAX_REFUSALS) {
        await outbox.remove(entry.id);
        deps.logger.error(
          { ...log, error: refusal.error },
          'kept message given up: Slack refused it every time',
        );
        continue;
      }
      deps.logger.warn({ ...log, error: refusal.error }, 'Slack still refuses a kept message');
      if (!lost.has(entry.id)) await outbox.failed(entry.id, refusal.error, replica);
      if (refusal.unavailable) break;
    }
    return delivered;
  };
  return {
    async sendOrKeep(target, render) {
      const happenedAt = deps.clock();
      const refusal = await deps.send(target, render());
      if (refusal === undefined) return;
      deps.logger.warn(
        { error: refusal.error, what: target.what, runId: target.runId, channel: target.channel },
        'Slack refused a message; kept to send again',
      );
      // An incident-channel notice kept goes out after later ones may have: it says when it
      // happened. The others say it by their place (a thread, the message they edit).
      const kept = target.what === 'incident' ? render(happenedAt) : render();
      await outbox.add({ ...target, message: kept, createdAt: deps.clock().toISOString() });
    },
    deliver() {
      if (stopped) return Promise.resolve(0);
      delivering ??= pass().finally(() => {
        delivering = undefined;
      });
      return delivering;
    },
    async stop() {
      stopped = true;
      await delivering?.catch(() => undefined);
    },
  };
}
