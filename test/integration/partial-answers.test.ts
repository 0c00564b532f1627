import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storedMessage } from '../support/approval-flow.js';
import { FIXTURES, type Harness, startHarness } from '../support/bot-harness.js';

const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';

// What Omni answers a role that may not read a resource.
const DENIED = readFileSync(path.join(FIXTURES, 'auth-insufficient-role.stderr.txt'), 'utf8');

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function answer(h: Harness, text: string) {
  const from = h.slack.calls.length;
  await h.command(text);
  const call = await h.slack.waitFor((c) => c.method === 'chat.postMessage' || c.method === 'response_url', {
    from,
    timeoutMs: 10_000,
  });
  return call.method === 'chat.postMessage'
    ? storedMessage(h.slack, call)
    : { text: String(call.params.text), blocks: call.params.blocks };
}

describe('a report with one unreadable resource answers with the rest', () => {
  it('provider-status with the heartbeat unreadable: disconnected, and says the heartbeat could not be read and why', async () => {
    harness = await startHarness();
    await harness.omni.injectFault({ match: ['get', 'infraproviderhealthstatuses'], stderr: DENIED });

    const message = await answer(harness, 'provider-status');
    const blocks = JSON.stringify(message.blocks);

    expect(message.text).toContain('Infra provider proxmox: disconnected (partial answer: 1 read failed)');
    expect(blocks).toContain(':red_circle: disconnected');
    expect(blocks).toContain('*Last heartbeat*\\ncould not be read');
    expect(blocks).toContain(
      'The provider’s last heartbeat (infraproviderhealthstatuses) could not be read:',
    );
    expect(blocks).toContain('lacks the role for this action (its role is Reader)');
  });

  it('status with the cluster phases unreadable: machines and provider, and a note naming what is missing', async () => {
    harness = await startHarness();
    await harness.omni.injectFault({ match: ['get', 'clusterstatuses'], stderr: DENIED });

    const message = await answer(harness, 'status');
    const blocks = JSON.stringify(message.blocks);

    expect(blocks).toContain('*Machines*\\n6 machines');
    expect(blocks).toContain('*Infra provider*');
    expect(blocks).toContain('Could not be read');
    expect(blocks).toContain('Cluster phases (clusterstatuses) could not be read:');
  });

  it('drift with the machine classes unreadable: the stuck machines and requests, and a note naming what is missing', async () => {
    harness = await startHarness();
    await harness.omni.injectFault({ match: ['get', 'machineclasses'], stderr: DENIED });

    const message = await answer(harness, 'drift talos-prod');
    const blocks = JSON.stringify(message.blocks);

    expect(blocks).toContain('*Stuck or disconnected machines*');
    expect(blocks).toContain('talos-prod-workers-');
    expect(blocks).toContain('*Machine classes*\\n:grey_question: could not be read');
    expect(blocks).toContain('Machine classes (machineclasses) could not be read:');
  });

  it('reboot-loop with one machine’s logs unreadable: says so, naming it, and does not call the other nodes clear', async () => {
    harness = await startHarness();
    await harness.omni.injectFault({ match: ['machine-logs', W2], stderr: DENIED });

    const message = await answer(harness, 'reboot-loop talos-prod');
    const blocks = JSON.stringify(message.blocks);

    expect(blocks).toContain('*Partial answer*');
    expect(blocks).toContain('The logs of 1 machine could not be read (talos-prod-workers-k9tx4b)');
    expect(blocks).toContain('lacks the role for this action');
    expect(blocks).toContain('the fix would not remove them');
  });
});
