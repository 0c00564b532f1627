import type { Logger } from 'pino';
import { OmniError } from '../omni/omni-error.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import type { AlertRecord } from '../store/alert-store.js';
import type { Store } from '../store/create-store.js';
import {
  type AlertCondition,
  CONDITION_KINDS,
  type ConditionKind,
  fingerprintOf,
} from './alert-condition.js';
import type { AlertNotifier } from './alert-notice.js';
import { applyAlertActions, factsOf } from './apply-alert-actions.js';
import { detectConditions, observedKinds, omniUnavailableCondition } from './detect-conditions.js';
import { type AlertAction, planAlerts } from './plan-alerts.js';
import { readWatchSnapshot } from './read-watch-snapshot.js';

export type WatchCycleDeps = {
  omnictl: Omnictl;
  alerts: Store['alerts'];
  /** Tells the incident channel (the bot's one notifier). */
  notifier: AlertNotifier;
  /** INCIDENT_CHANNEL: where new alerts go (resolutions go where their alert is). */
  channel: string;
  providerId: string;
  stuckAfterMs: number;
  graceMs: number;
  digestThreshold: number;
  labelLogMachines?: number;
  proxmox?: ProxmoxClient;
  clock: () => Date;
  logger: Logger;
  /** Whether omnictl answered this poll; `/readyz` shows it. */
  onOmniHealth?: (ok: boolean, detail?: string) => void;
  /** Open alerts per kind after the poll (every kind, zeros included), e.g. for a gauge. */
  onOpenAlerts?: (counts: Record<ConditionKind, number>) => void;
  /** Asked once Omni answered, before anything is written or posted: false drops the poll. */
  stillLeading?: () => Promise<boolean>;
};

export type CycleResult = {
  omni: 'ok' | 'failing' | 'skipped';
  conditions: AlertCondition[];
  actions: AlertAction[];
};

type Observation = { omniOk: boolean; conditions: AlertCondition[]; observed: readonly ConditionKind[] };

// A broken omnictl is one condition about Omni; every other alert stays as it was, unconfirmed.
async function observe(
  deps: WatchCycleDeps,
  now: Date,
  rows: readonly AlertRecord[],
): Promise<Observation | undefined> {
  try {
    const snapshot = await readWatchSnapshot(deps.omnictl, {
      providerId: deps.providerId,
      now: () => now,
      labelLogMachines: deps.labelLogMachines,
      proxmox: deps.proxmox,
    });
    deps.onOmniHealth?.(true);
    const lastErrors = new Map(
      rows
        .filter((row) => row.condition === 'machine-request-failed' && row.status !== 'resolved')
        .map((row) => [row.fingerprint, row.lastError ?? '']),
    );
    const conditions = detectConditions(snapshot, { now, stuckAfterMs: deps.stuckAfterMs, lastErrors });
    return { omniOk: true, conditions, observed: observedKinds(snapshot) };
  } catch (error) {
    if (!(error instanceof OmniError)) throw error;
    // Stopped by the bot's shutdown: says nothing about Omni.
    if (error.kind === 'aborted') return undefined;
    deps.onOmniHealth?.(false, `omnictl failing: ${error.kind}`);
    return {
      omniOk: false,
      conditions: [omniUnavailableCondition(error.toFailure())],
      observed: ['omni-unavailable'],
    };
  }
}

async function countOpen(alerts: Store['alerts']): Promise<Record<ConditionKind, number>> {
  const counts = Object.fromEntries(CONDITION_KINDS.map((kind) => [kind, 0])) as Record<
    ConditionKind,
    number
  >;
  for (const alert of await alerts.open()) {
    if (alert.condition in counts) counts[alert.condition as ConditionKind] += 1;
  }
  return counts;
}

/** One poll: read Omni, detect, plan, tell the notifier, remember. Never throws: a failed poll is logged. */
export async function runWatchCycle(deps: WatchCycleDeps): Promise<CycleResult> {
  try {
    const now = deps.clock();
    const at = now.toISOString();
    const rows = await deps.alerts.active();
    const observation = await observe(deps, now, rows);
    if (!observation) {
      deps.logger.info('watch poll stopped before it finished');
      return { omni: 'skipped', conditions: [], actions: [] };
    }
    if (deps.stillLeading && !(await deps.stillLeading())) {
      deps.logger.info('watch poll dropped: another replica leads the watcher now');
      return { omni: 'skipped', conditions: [], actions: [] };
    }
    const { omniOk, conditions, observed } = observation;
    const actions = planAlerts({
      conditions,
      alerts: rows,
      now,
      graceMs: deps.graceMs,
      digestThreshold: deps.digestThreshold,
      observed,
    });
    const known = new Set(rows.map((row) => row.fingerprint));
    for (const condition of conditions) {
      if (known.has(fingerprintOf(condition))) await deps.alerts.seen(factsOf(condition), at);
    }
    await applyAlertActions(deps, actions, at);
    if (deps.onOpenAlerts) deps.onOpenAlerts(await countOpen(deps.alerts));
    const omni = omniOk ? 'ok' : 'failing';
    deps.logger.debug({ conditions: conditions.length, actions: actions.length, omni }, 'watch poll done');
    return { omni, conditions, actions };
  } catch (error) {
    deps.logger.error({ err: error }, 'watch poll failed');
    return { omni: 'skipped', conditions: [], actions: [] };
  }
}
