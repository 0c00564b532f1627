import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import type { FakeOmniState } from '../fakes/omnictl/fake-omni.js';
import { mutatingCalls, nextResponse, storedMessage } from '../support/approval-flow.js';
import { FIXED_TEMPLATE, type Harness, startHarness, USERS } from '../support/bot-harness.js';

const CP1 = '3f6a1c2e-8b47-4d2a-9e51-7c0d4b8a2f13';
const CP2 = '8d2e4f60-1a9b-4c37-b5e8-2f7a6c9d0e41';
const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';
const PATCHES = 'ConfigPatches.omni.sidero.dev';

// The workers' label is fixed on disk; the control planes still ask for one NodeRestriction
// reserves: a warning (it lands on control planes), so the label fix is not refused for it.
const CONTROL_PLANE_LABEL_TEMPLATE = FIXED_TEMPLATE.replace(
  '  name: proxmox-controlplane\n  size: 3\n',
  '  name: proxmox-controlplane\n  size: 3\npatches:\n  - name: cp-labels\n    inline:\n      machine:\n        nodeLabels:\n          node-role.kubernetes.io/control-plane: ""\n',
);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

// cp1 and cp2 connected but not ready; with `symptom`, Omni runs a control-plane patch with the
// forbidden label and their logs show NodeRestriction refusing it.
function twoControlPlanesNotReady(symptom: boolean) {
  return (state: FakeOmniState) => {
    for (const machine of state.machines) {
      if (machine.uuid !== CP1 && machine.uuid !== CP2) continue;
      machine.ready = false;
      machine.nodeLabelConflict = symptom;
    }
    const workerPatch = state.resources[PATCHES]?.find((p) => p.metadata.id.endsWith('-worker-labels'));
    if (symptom && workerPatch) {
      state.resources[PATCHES]?.push({
        ...workerPatch,
        metadata: {
          ...workerPatch.metadata,
          id: '300-talos-prod-control-planes-cp-labels',
          labels: {
            'omni.sidero.dev/cluster': 'talos-prod',
            'omni.sidero.dev/machine-set': 'talos-prod-control-planes',
          },
          annotations: { name: 'cp-labels' },
        },
        spec: {
          ...workerPatch.spec,
          data: 'machine:\n    nodeLabels:\n        node-role.kubernetes.io/control-plane: ""\n',
        },
      });
    }
    return state;
  };
}

async function labelReport(h: Harness) {
  const from = h.slack.calls.length;
  await h.command('reboot-loop talos-prod');
  return storedMessage(h.slack, await h.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }));
}

describe('the label fix against the control planes', () => {
  it('refuses, naming etcd quorum, to remove 2 of 3 control planes that show the symptom and are not ready; nothing runs', async () => {
    harness = await startHarness({ templates: { 'talos-prod': CONTROL_PLANE_LABEL_TEMPLATE } });
    await harness.omni.update(twoControlPlanesNotReady(true));
    const report = await labelReport(harness);
    const posts = harness.slack.callsTo('chat.postMessage').length;

    const from = harness.slack.responses.length;
    await harness.click(report, ACTION.requestLabelFix, { userId: USERS.alice });
    const refusal = await nextResponse(harness, from);

    expect(String(refusal.body.text)).toMatch(
      /removing the control-plane nodes talos-prod-control-planes-b7x2kq, talos-prod-control-planes-m4vd9t would leave talos-prod 1 healthy of its 3 etcd members, below etcd quorum \(2\)/,
    );
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(posts);
    expect(JSON.stringify(report.blocks)).toContain(`\`${CP1}\` (control plane): label update rejected`);
  });

  it('leaves out control planes that are merely connected but not ready, and shows the real role of the worker it removes', async () => {
    harness = await startHarness({ templates: { 'talos-prod': CONTROL_PLANE_LABEL_TEMPLATE } });
    await harness.omni.update(twoControlPlanesNotReady(false));
    const report = await labelReport(harness);

    const from = harness.slack.calls.length;
    await harness.click(report, ACTION.requestLabelFix, { userId: USERS.alice });
    const card = storedMessage(
      harness.slack,
      await harness.slack.waitFor(
        (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
        { from, timeoutMs: 10_000 },
      ),
    );

    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain(`\`${W2}\`: talos-prod, worker,`);
    expect(blocks).not.toContain(CP1);
    expect(blocks).not.toContain(CP2);
    expect(blocks).not.toContain(', node,');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
  });
});
