import { describe, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import type { Fault } from '../fakes/omnictl/fake-omni.js';
import { mutatingCalls, requestIdOf, waitForSummary } from '../support/approval-flow.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';
import { approveAndKill, type KillPoint, startKillScenario } from './kill-scenario.js';

// Holds step 1 long enough to arm the faults of later steps on a busy machine (the test waits on
// state, not on this), for steps whose command the re-plan at approval also runs.
const hold = (id: string): Fault => ({ match: ['delete', 'clustermachines', id], delayMs: 2_500, times: 1 });

// The removal plan: 1 runbook delete, 2 Link removal, 3 wait until gone (polls), 4 verify (get machines).
const CASES: { step: number; title: string; point: (id: string) => KillPoint }[] = [
  {
    step: 1,
    title: 'Delete the ClusterMachine \\(runbook step\\)',
    point: (id) => ({
      step: 1,
      before: [{ match: ['delete', 'clustermachines', id], hang: true }],
      during: [],
      command: ['delete', 'clustermachines', id],
    }),
  },
  {
    step: 2,
    title: "Remove the machine's Link",
    point: (id) => ({
      step: 2,
      before: [{ match: ['cluster', 'machine', 'delete', id], hang: true }],
      during: [],
      command: ['cluster', 'machine', 'delete', id],
    }),
  },
  {
    step: 3,
    title: 'Wait until the ClusterMachine and Machine are gone',
    point: (id) => ({
      step: 3,
      before: [hold(id)],
      during: [{ match: ['get', 'clustermachines'], hang: true }],
      command: ['get', 'clustermachines'],
    }),
  },
  {
    step: 4,
    title: 'Verify with the runbook’s check',
    point: (id) => ({
      step: 4,
      before: [hold(id)],
      // Step 3's own `get machines` uses up the first fault and passes; step 4's hangs.
      during: [
        { match: ['get', 'machines'], delayMs: 1, times: 1 },
        { match: ['get', 'machines'], hang: true },
      ],
      command: ['get', 'machines'],
    }),
  },
];

// Each case has its own fakes, database and bot process, so the cases run side by side.
describe.concurrent('the bot killed with SIGKILL at each step of a run in turn', () => {
  it.for(CASES)(
    'step $step: interrupted in its thread, nothing run twice, the pending request still runs',
    {
      timeout: 120_000,
    },
    async ({ step, title, point }, { expect, onTestFinished }) => {
      const s = await startKillScenario();
      let harness: Harness | undefined;
      onTestFinished(async () => {
        await harness?.stop({ keepFakes: true });
        await s.cleanup();
      });
      const runOf = async () => (await s.store.runs.forRequest(requestIdOf(s.running)))!;

      await approveAndKill(s, point(s.runningId));
      const auditAtKill = await s.store.audit.all();
      const logAtKill = (await s.omni.readLog()).length;
      harness = await startHarness({ slack: s.slack, omni: s.omni, stateDb: s.stateDb });
      const notice = await s.slack.waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.params.thread_ts === s.running.ts &&
          String(c.params.text).includes('was interrupted'),
        { timeoutMs: 15_000 },
      );

      expect(JSON.stringify(notice.params.blocks)).toMatch(
        new RegExp(`${step}\\. ${title}[^\\\\]*: interrupted; it may or may not have taken effect`),
      );
      expect((await s.store.requests.get(requestIdOf(s.running)))?.status).toBe('interrupted');
      const steps = await s.store.runs.steps((await runOf()).id);
      expect(steps.map((row) => row.idx)).toEqual(Array.from({ length: step }, (_, i) => i));
      expect(steps.at(-1)?.status).toBe('interrupted');
      // No audit row lost: every row there at the kill is still there, unchanged, and the interruption follows.
      const audit = await s.store.audit.all();
      expect(audit.slice(0, auditAtKill.length)).toEqual(auditAtKill);
      expect(audit.slice(auditAtKill.length).map((e) => e.action)).toContain('run.interrupted');
      // Nothing of the interrupted run ran after the restart, and none of its commands ran twice.
      const log = await s.omni.readLog();
      expect(log.slice(logAtKill).filter((e) => e.argv.includes(s.runningId))).toEqual([]);
      const ofRunning = mutatingCalls(log).filter((line) => line.includes(s.runningId));
      expect(new Set(ofRunning).size).toBe(ofRunning.length);

      // The pending request is still approvable in the same cluster: the lock went with the dead run.
      await harness.click(s.pending, ACTION.approve, { userId: USERS.bob });
      const summary = await waitForSummary(harness, s.pending);

      expect(String(summary.params.text)).toContain('Succeeded');
      expect(mutatingCalls((await s.omni.readLog()).slice(logAtKill))).toEqual([
        `delete clustermachines ${s.pendingId}`,
        `cluster machine delete ${s.pendingId} --force -y`,
      ]);
    },
  );
});
