import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { portOf, serveRoutes } from '../http/serve-routes.js';
import { createMetrics } from './create-metrics.js';
import { metricsRoute } from './metrics-route.js';

const requestedAt = new Date('2026-01-01T10:00:00Z');

describe('createMetrics', () => {
  it('reads the kept-messages gauge from its source at each scrape', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let kept = 0;

    const before = await metrics.registry.metrics();
    metrics.countKeptMessagesWith(async () => kept);
    kept = 3;
    const after = await metrics.registry.metrics();

    expect(before).toContain('omni_chatops_kept_messages 0');
    expect(after).toContain('omni_chatops_kept_messages 3');
  });

  it('says whether this replica leads the watcher, by replica id', async () => {
    const metrics = createMetrics({ defaultMetrics: false });

    metrics.setWatcherLeader('replica-a', true);
    const leading = await metrics.registry.metrics();
    metrics.setWatcherLeader('replica-a', false);
    const following = await metrics.registry.metrics();

    expect(leading).toContain('omni_chatops_watcher_leader{replica="replica-a"} 1');
    expect(following).toContain('omni_chatops_watcher_leader{replica="replica-a"} 0');
  });

  it('exposes a command after it is recorded', async () => {
    const metrics = createMetrics({ defaultMetrics: false });

    metrics.recordCommand('stuck-machines', 'ok');
    metrics.recordCommand('stuck-machines', 'ok');
    metrics.recordCommand('unknown', 'usage');

    const text = await metrics.registry.metrics();
    expect(text).toContain('omni_chatops_commands_total{subcommand="stuck-machines",outcome="ok"} 2');
    expect(text).toContain('omni_chatops_commands_total{subcommand="unknown",outcome="usage"} 1');
  });

  it('counts decisions and observes latency only for decisions a person made', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const decidedAt = new Date(requestedAt.getTime() + 90_000);

    metrics.recordApproval({
      procedure: 'remove-stuck-machines',
      decision: 'approved',
      requestedAt,
      decidedAt,
    });
    metrics.recordApproval({
      procedure: 'remove-stuck-machines',
      decision: 'expired',
      requestedAt,
      decidedAt,
    });

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'omni_chatops_approvals_total{procedure="remove-stuck-machines",decision="approved"} 1',
    );
    expect(text).toContain(
      'omni_chatops_approvals_total{procedure="remove-stuck-machines",decision="expired"} 1',
    );
    expect(text).toContain(
      'omni_chatops_approval_latency_seconds_sum{procedure="remove-stuck-machines",decision="approved"} 90',
    );
    expect(text).toContain(
      'omni_chatops_approval_latency_seconds_bucket{le="120",procedure="remove-stuck-machines",decision="approved"} 1',
    );
    expect(text).not.toContain(
      'omni_chatops_approval_latency_seconds_count{procedure="remove-stuck-machines",decision="expired"}',
    );
  });

  it('observes run durations by procedure and outcome', async () => {
    const metrics = createMetrics({ defaultMetrics: false });

    metrics.recordRun({ procedure: 'restart-provider', status: 'succeeded', durationMs: 42_500 });

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'omni_chatops_run_duration_seconds_sum{procedure="restart-provider",outcome="succeeded"} 42.5',
    );
    expect(text).toContain(
      'omni_chatops_run_duration_seconds_count{procedure="restart-provider",outcome="succeeded"} 1',
    );
  });

  it('takes omnictl onCall events: latency for every call, failures by class', async () => {
    const metrics = createMetrics({ defaultMetrics: false });

    metrics.recordOmnictlCall({ command: 'get machines', durationMs: 300, outcome: 'ok' });
    metrics.recordOmnictlCall({ command: 'delete clustermachines', durationMs: 120, outcome: 'read-only' });
    metrics.recordOmnictlCall({ command: 'get machines', durationMs: 0, outcome: 'key-expired' });

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'omni_chatops_omnictl_call_duration_seconds_count{command="get machines",outcome="ok"} 1',
    );
    expect(text).toContain(
      'omni_chatops_omnictl_call_duration_seconds_count{command="get machines",outcome="failed"} 1',
    );
    expect(text).toContain(
      'omni_chatops_omnictl_failures_total{command="delete clustermachines",class="read-only"} 1',
    );
    expect(text).toContain(
      'omni_chatops_omnictl_failures_total{command="get machines",class="key-expired"} 1',
    );
  });

  it('counts Slack errors and 429s, folding odd error codes', async () => {
    const metrics = createMetrics({ defaultMetrics: false });

    metrics.recordSlackError('chat.postMessage', 'not_in_channel');
    metrics.recordSlackError('chat.update', 'Something <odd>');
    metrics.recordSlackRateLimited('chat.update');

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'omni_chatops_slack_api_errors_total{method="chat.postMessage",error="not_in_channel"} 1',
    );
    expect(text).toContain('omni_chatops_slack_api_errors_total{method="chat.update",error="other"} 1');
    expect(text).toContain('omni_chatops_slack_rate_limited_total{method="chat.update"} 1');
  });

  it('reports open alerts as a gauge that goes down again', async () => {
    const metrics = createMetrics({ defaultMetrics: false });

    metrics.setOpenAlerts('stuck-teardown', 3);
    metrics.setOpenAlerts('stuck-teardown', 1);

    expect(await metrics.registry.metrics()).toContain('omni_chatops_open_alerts{kind="stuck-teardown"} 1');
  });

  it('keeps its own registry, with process metrics unless switched off', async () => {
    const withDefaults = createMetrics();
    const without = createMetrics({ defaultMetrics: false });

    expect(await withDefaults.registry.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await without.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('metricsRoute', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('serves the exposition text on /metrics', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordCommand('help', 'ok');
    server = await serveRoutes([metricsRoute(metrics)], 0, '127.0.0.1');

    const response = await fetch(`http://127.0.0.1:${portOf(server)}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('omni_chatops_commands_total{subcommand="help",outcome="ok"} 1');
  });
});
