import type { AlertCondition } from './alert-condition.js';
import type { AlertMessage, DigestEntry, Opening } from './plan-alerts.js';

/**
 * What the watcher tells the incident channel. Plain data: rendering is the notifier's. Declared
 * here, with the port the watcher needs, so the watcher depends on nothing above it.
 */
export type AlertNotice =
  /** A new message about one subject listing each of its conditions; its ts is the answer. */
  | { kind: 'alert-raised'; channel: string; alerts: readonly Opening[] }
  /** One message for several subjects at once; its ts is the answer. */
  | { kind: 'digest-raised'; channel: string; entries: readonly DigestEntry[] }
  /** A digest redrawn as its alerts clear. */
  | { kind: 'digest-changed'; channel: string; ts: string; entries: readonly DigestEntry[] }
  /** A condition's wording changed: said in its message's thread. */
  | { kind: 'alert-reworded'; channel: string; ts: string; condition: AlertCondition; was: string }
  /** Conditions of a subject whose message is up appeared or cleared: threaded, the message redrawn. */
  | {
      kind: 'alert-changed';
      message: AlertMessage;
      joined: readonly Opening[];
      cleared: readonly { condition: AlertCondition; durationMs: number }[];
      current: readonly Opening[];
    }
  /** The last conditions of a message cleared. */
  | {
      kind: 'alert-resolved';
      message: AlertMessage;
      alerts: readonly Opening[];
      at: string;
      durationMs: number;
    };

/** The part of the notifier the watcher uses. */
export type AlertNotifier = {
  notify(notice: AlertNotice): Promise<{ ts?: string }>;
};
