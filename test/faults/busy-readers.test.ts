import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { requestCard, W3, waitForSummary } from '../support/approval-flow.js';
import { type Harness, USERS } from '../support/bot-harness.js';
import { startFaultHarness } from '../support/fault-harness.js';

// Twenty people keep asking for the reboot-loop report over every cluster (each one up to 50
// `machine-logs` reads per cluster) while an approved removal runs: the run's steps must not wait
// behind their reads, nor for Slack to fall silent.
const READERS = Array.from({ length: 20 }, (_, i) => `U0READER${String(i).padStart(2, '0')}`);
const RUNBOOK_DELETE = `delete clustermachines ${W3}`;
const LINK_REMOVAL = `cluster machine delete ${W3} --force -y`;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('reports by many people while a removal runs', () => {
  it("the removal's steps start within 1 s of being due and the run succeeds", async () => {
    harness = await startFaultHarness({ scenario: 'talos-prod' });
    const h = harness;
    const card = await requestCard(h);
    let stop = false;
    let reports = 0;
    const readers = READERS.map(async (userId) => {
      while (!stop) {
        await h.command('reboot-loop', { userId });
        reports += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });
    // Let the reads pile up first.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(h, card).finally(() => {
      stop = true;
    });
    await Promise.all(readers);

    const log = await h.omniLog();
    const step1 = log.find((e) => e.argv.join(' ') === RUNBOOK_DELETE);
    const step2 = log.find((e) => e.argv.join(' ') === LINK_REMOVAL);
    const reads = log.filter((e) => e.argv[0] === 'machine-logs').length;
    const lateMs = Date.parse(step2?.startedAt ?? '') - Date.parse(step1?.at ?? '');
    console.log(
      `${reports} reports asked, ${reads} machine-logs processes; step 2 started ${lateMs} ms after step 1 answered`,
    );

    expect(String(summary.params.text)).toContain('Succeeded');
    expect(lateMs).toBeLessThan(1_000);
  }, 120_000);
});
