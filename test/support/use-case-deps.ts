import { pino } from 'pino';
import type { Plan } from '../../src/procedures/shared/plan.js';
import type { ApprovalDeps, ProcedureDef } from '../../src/recovery/approval-deps.js';
import type { Schedule } from '../../src/recovery/run-lease.js';
import type { RemoteConnector } from '../../src/runner/remote-session.js';
import { createStore, type Store } from '../../src/store/create-store.js';
import type { NewRequest } from '../../src/store/request-store.js';
import { createRecordingNotifier, type RecordingNotifier } from './recording-notifier.js';
import { createRecordingOmnictl, type RecordingOmnictl } from './recording-omnictl.js';

export const ALICE = { userId: 'U0ALICE', groups: [] };
export const BOB = { userId: 'U0BOB', groups: [] };
export const CAROL = { userId: 'U0CAROL', groups: [] };

export const T0 = new Date('2026-08-22T09:00:00.000Z');

export type UseCaseDeps = ApprovalDeps & {
  notifier: RecordingNotifier;
  omnictl: RecordingOmnictl;
  // Moves the injected clock on.
  advance(ms: number): void;
  decisions: string[];
  // What the bot logged, as JSON lines.
  logText(): string;
  // Every run started by an approval, settled.
  settled(): Promise<void>;
  // The lease timers (heartbeats) waiting to fire; fire() runs those due, as time passing would.
  timers: ManualSchedule;
};

export type ManualSchedule = {
  schedule: Schedule;
  // How many timers wait.
  pending(): number;
  // The delays (ms) the waiting timers were set for.
  delays(): number[];
  // Runs every timer waiting now (not the ones they schedule), and waits for what they started.
  fire(): Promise<void>;
};

/** A Schedule that runs nothing until the test says so: no test waits for real intervals. */
export function manualSchedule(): ManualSchedule {
  let waiting: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  return {
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      waiting.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    pending: () => waiting.filter((t) => !t.cancelled).length,
    delays: () => waiting.filter((t) => !t.cancelled).map((t) => t.ms),
    async fire() {
      const due = waiting.filter((t) => !t.cancelled);
      waiting = [];
      for (const timer of due) timer.run();
      // The heartbeat's store calls are promises: let them settle.
      for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * The approval flow's dependencies with real parts where they are cheap: the real store on SQLite
 * `:memory:`, the real access policy and runner; omnictl, the provider host and the notices are
 * recording stand-ins handed in (no module is mocked). Re-planning answers `replan` (default: the
 * stored plan, unchanged).
 */
export async function useCaseDeps(
  options: {
    omnictl?: RecordingOmnictl;
    remote?: RemoteConnector;
    replan?: (params: unknown) => ReturnType<ProcedureDef['plan']>;
    dryRun?: boolean;
    allowSelfApproval?: boolean;
    drain?: AbortSignal;
    // Another replica on the same database: pass the first one's store and another id.
    store?: Store;
    replicaId?: string;
    takeoverAfterMs?: number;
  } = {},
): Promise<UseCaseDeps> {
  let now = T0.getTime();
  const clock = () => new Date(now);
  const store = options.store ?? (await createStore(':memory:'));
  const timers = manualSchedule();
  const omnictl = options.omnictl ?? createRecordingOmnictl();
  const notifier = createRecordingNotifier({
    statusTs: '1767000000.000900',
    statusOf: async (id) => (await store.requests.get(id))?.status,
  });
  let logText = '';
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        logText += line;
      },
    },
  );
  const decisions: string[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const replan =
    options.replan ??
    (async (params: unknown) => {
      const { requestId } = params as { requestId: string };
      return { refused: false as const, plan: (await store.requests.get(requestId))!.plan };
    });
  const procedure = (name: string): ProcedureDef => ({ name, plan: (params) => replan(params) });
  return {
    store,
    access: {
      operators: [],
      approvers: [ALICE.userId, BOB.userId, CAROL.userId],
      allowSelfApproval: options.allowSelfApproval ?? false,
    },
    clock,
    approvalTtlMs: 15 * 60_000,
    dryRun: options.dryRun ?? false,
    notifier,
    procedures: {
      'remove-stuck-machines': procedure('remove-stuck-machines'),
      'recover-cluster': procedure('recover-cluster'),
    },
    runner: { omnictl, clock, sleep: async () => {}, logger, remote: options.remote },
    logger,
    observe: {
      decision: (e) => decisions.push(`${e.procedure} ${e.decision}`),
      run: (e) => decisions.push(`${e.procedure} run ${e.status}`),
    },
    active: new Map(),
    drain: options.drain,
    inFlight,
    replicaId: options.replicaId ?? 'replica-a',
    takeoverAfterMs: options.takeoverAfterMs ?? 30_000,
    schedule: timers.schedule,
    timers,
    omnictl,
    decisions,
    logText: () => logText,
    advance: (ms) => {
      now += ms;
    },
    settled: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

// A plan of omnictl steps on talos-prod, as a planner would make it.
export function omnictlPlan(steps: string[][], overrides: Partial<Plan> = {}): Plan {
  return {
    procedure: 'remove-stuck-machines',
    title: 'Remove 1 stuck machine from talos-prod',
    cluster: 'talos-prod',
    targets: [
      {
        kind: 'machine',
        id: 'm-w1',
        hostname: 'talos-w1',
        cluster: 'talos-prod',
        role: 'worker',
        stageName: 'DESTROYING',
        phase: 'Running',
        finalizers: [],
        connected: false,
      },
    ],
    steps: steps.map((args) => ({
      kind: 'omnictl' as const,
      title: `omnictl ${args[0]}`,
      args,
      timeoutMs: 60_000,
      mutating: true,
    })),
    risks: [],
    approvalsNeeded: 1,
    fingerprint: 'fp-1',
    ...overrides,
  };
}

// A key rotation's tail: install the pasted key into the provider's env file, recreate the
// container, then read the providers back.
export function keyRotationPlan(): Plan {
  return {
    ...omnictlPlan([]),
    procedure: 'rotate-provider-key',
    cluster: null,
    targets: [],
    needsSecret: true,
    steps: [
      {
        kind: 'install-provider-key',
        title: 'Write the pasted key into the env file',
        source: 'pasted',
        providerId: 'proxmox',
        host: 'provider.example',
        envFile: '/srv/provider/.env',
        timeoutMs: 30_000,
      },
      {
        kind: 'ssh',
        title: 'Recreate the provider container',
        host: 'provider.example',
        cwd: '/srv/provider',
        argv: ['docker', 'compose', 'up', '-d'],
        timeoutMs: 120_000,
        mutating: true,
      },
      {
        kind: 'omnictl',
        title: 'Read the providers',
        args: ['get', 'infraproviders'],
        timeoutMs: 1_000,
        mutating: false,
      },
    ],
  };
}

let counter = 0;

/** A pending request for `plan`, made by Alice now, as requestProcedure stores it. */
export async function insertRequest(
  deps: UseCaseDeps,
  plan: Plan,
  overrides: Partial<NewRequest> = {},
): Promise<string> {
  counter += 1;
  const id = `r-${String(counter).padStart(12, '0')}`;
  await deps.store.requests.insert({
    id,
    procedure: plan.procedure,
    params: { requestId: id },
    plan,
    planFingerprint: plan.fingerprint,
    cluster: plan.cluster,
    requester: ALICE.userId,
    reason: 'stuck since Tuesday',
    channel: 'C0OPS',
    approvalsNeeded: plan.approvalsNeeded,
    dryRun: deps.dryRun,
    createdAt: deps.clock().toISOString(),
    expiresAt: new Date(deps.clock().getTime() + deps.approvalTtlMs).toISOString(),
    ...overrides,
  });
  await deps.store.requests.setCardTs(id, '1767000000.000100');
  return id;
}
