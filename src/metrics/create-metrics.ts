import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OmnictlOptions } from '../omni/run-omnictl.js';
import type { CommandOutcome } from '../slack/command-context.js';
import type { OmniCommand } from '../slack/parse-command.js';
import type { RunStatus } from '../store/records.js';

type OmnictlCallEvent = Parameters<NonNullable<OmnictlOptions['onCall']>>[0];
// 'unknown' when the text did not name a subcommand the router knows: user text never becomes a label.
type SubcommandLabel = OmniCommand['name'] | 'unknown';
type ApprovalDecision = 'approved' | 'rejected' | 'expired' | 'refused';
type ApprovalEvent = {
  procedure: string;
  decision: ApprovalDecision;
  requestedAt: Date;
  decidedAt: Date;
};
type RunEvent = {
  procedure: string;
  status: Exclude<RunStatus, 'starting' | 'running' | 'refused'>;
  durationMs: number;
};

export type Metrics = {
  registry: Registry;
  recordCommand(subcommand: SubcommandLabel, outcome: CommandOutcome): void;
  recordApproval(event: ApprovalEvent): void;
  recordRun(event: RunEvent): void;
  recordOmnictlCall(event: OmnictlCallEvent): void;
  recordSlackError(method: string, error: string): void;
  recordSlackRateLimited(method: string): void;
  setOpenAlerts(kind: string, count: number): void;
  // 1 while this replica holds the watcher lease (it polls Omni), else 0 (issue #16).
  setWatcherLeader(replica: string, leading: boolean): void;
  // Where the kept-messages gauge reads its value at each scrape (the outbox, once it is open).
  countKeptMessagesWith(count: () => Promise<number>): void;
};

// Slack error codes are short snake_case words; anything else is folded so a label set stays small.
function errorLabel(error: string): string {
  return /^[a-z0-9_]{1,64}$/.test(error) ? error : 'other';
}

// Own registry, not prom-client's global one: tests and a second bot in one process stay apart.
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  // Every metric goes to this registry only; a name, a help line and its labels are all that differ.
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) =>
    new Counter({ name, help, labelNames, registers });
  const histogram = <Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[],
    buckets: number[],
  ) => new Histogram({ name, help, labelNames, buckets, registers });

  const commands = counter(
    'omni_chatops_commands_total',
    '/omni commands handled, by subcommand and outcome',
    ['subcommand', 'outcome'],
  );
  const approvals = counter(
    'omni_chatops_approvals_total',
    'Decisions on requests, by procedure and decision',
    ['procedure', 'decision'],
  );
  const approvalLatency = histogram(
    'omni_chatops_approval_latency_seconds',
    'Seconds from a request to an approver deciding it (approved or rejected)',
    ['procedure', 'decision'],
    [10, 30, 60, 120, 300, 600, 900, 1800, 3600],
  );
  const runDuration = histogram(
    'omni_chatops_run_duration_seconds',
    'Duration of finished runs, by procedure and outcome',
    ['procedure', 'outcome'],
    [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
  );
  const omnictlDuration = histogram(
    'omni_chatops_omnictl_call_duration_seconds',
    'omnictl call latency, by command (`get machines`, `cluster machine delete`) and ok/failed',
    ['command', 'outcome'],
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  const omnictlFailures = counter(
    'omni_chatops_omnictl_failures_total',
    'Failed omnictl calls, by command and failure class (key-expired, unreachable, …)',
    ['command', 'class'],
  );
  const slackErrors = counter(
    'omni_chatops_slack_api_errors_total',
    'Slack Web API calls that failed, by method and Slack error code',
    ['method', 'error'],
  );
  const slackRateLimited = counter(
    'omni_chatops_slack_rate_limited_total',
    'Slack Web API calls answered with HTTP 429, by method',
    ['method'],
  );
  const openAlerts = new Gauge({
    name: 'omni_chatops_open_alerts',
    help: 'Problems the watcher currently reports, by kind',
    labelNames: ['kind'] as const,
    registers,
  });

  const watcherLeader = new Gauge({
    name: 'omni_chatops_watcher_leader',
    help: 'Whether this replica leads the watcher, the one replica that polls Omni: 1, or 0',
    labelNames: ['replica'] as const,
    registers,
  });

  let keptMessages: () => Promise<number> = async () => 0;
  new Gauge({
    name: 'omni_chatops_kept_messages',
    help: 'Messages Slack refused that wait in the outbox to be sent again (summaries, notices, closing edits)',
    registers,
    async collect() {
      this.set(await keptMessages());
    },
  });

  return {
    registry,
    recordCommand(subcommand, outcome) {
      commands.inc({ subcommand, outcome });
    },
    recordApproval({ procedure, decision, requestedAt, decidedAt }) {
      approvals.inc({ procedure, decision });
      // Expiry and refusal are not a person deciding: their "latency" would only measure the TTL.
      if (decision !== 'approved' && decision !== 'rejected') return;
      const seconds = Math.max(0, (decidedAt.getTime() - requestedAt.getTime()) / 1000);
      approvalLatency.observe({ procedure, decision }, seconds);
    },
    recordRun({ procedure, status, durationMs }) {
      runDuration.observe({ procedure, outcome: status }, Math.max(0, durationMs) / 1000);
    },
    recordOmnictlCall({ command, durationMs, outcome }) {
      const ok = outcome === 'ok';
      omnictlDuration.observe({ command, outcome: ok ? 'ok' : 'failed' }, Math.max(0, durationMs) / 1000);
      if (!ok) omnictlFailures.inc({ command, class: outcome });
    },
    recordSlackError(method, error) {
      slackErrors.inc({ method, error: errorLabel(error) });
    },
    recordSlackRateLimited(method) {
      slackRateLimited.inc({ method });
    },
    setOpenAlerts(kind, count) {
      openAlerts.set({ kind }, count);
    },
    setWatcherLeader(replica, leading) {
      watcherLeader.set({ replica }, leading ? 1 : 0);
    },
    countKeptMessagesWith(count) {
      keptMessages = count;
    },
  };
}
