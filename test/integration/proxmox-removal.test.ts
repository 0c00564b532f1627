import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import {
  type FakeProxmox,
  type FakeVm,
  proxmoxEnv,
  startFakeProxmox,
} from '../fakes/proxmox/start-fake-proxmox.js';
import { mutatingCalls, nextResponse, requestCard, W3, waitForSummary } from '../support/approval-flow.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';

let harness: Harness | undefined;
let pve: FakeProxmox | undefined;
afterEach(async () => {
  await harness?.stop();
  await pve?.close();
  harness = undefined;
  pve = undefined;
});

// The bot against Proxmox with a VM for every machine of the fleet, W3's included unless `w3Gone`.
async function start(w3Gone: boolean): Promise<Harness> {
  const omniOnly = await startHarness();
  const state = await omniOnly.omni.readState();
  await omniOnly.stop();
  const vms: FakeVm[] = state.machines
    .filter((m) => !(w3Gone && m.uuid === W3))
    .map((m, i) => ({
      vmid: 101 + i,
      name: String(m.request ?? m.nodeName),
      node: 'pve2',
      status: 'running',
      uptime: 3 * 86_400,
      tags: m.requestSet ? [`machine-request.${m.requestSet}`] : [],
    }));
  pve = await startFakeProxmox({ vms });
  harness = await startHarness({
    env: proxmoxEnv(pve),
  });
  return harness;
}

function auditActions(h: Harness): string[] {
  const db = new Database(h.stateDb, { readonly: true });
  try {
    return (db.prepare('SELECT action FROM audit ORDER BY id').all() as { action: string }[]).map(
      (r) => r.action,
    );
  } finally {
    db.close();
  }
}

describe('removing a stuck machine, checked against Proxmox', () => {
  it('its VM is gone: the card says so, and the removal runs as before', async () => {
    const h = await start(true);

    const card = await requestCard(h);
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(h, card);

    expect(JSON.stringify(card.blocks)).toContain('gone: Proxmox has no VM named talos-prod-workers-p7nz2d');
    expect(JSON.stringify(card.blocks)).not.toContain(ACTION.approveAnyway);
    expect(String(summary.params.text)).toContain('Succeeded');
  });

  it('its VM still runs: the card warns, a plain Approve is refused, Remove anyway runs it and is audited', async () => {
    const h = await start(false);

    const card = await requestCard(h);
    const blocks = JSON.stringify(card.blocks);
    const from = h.slack.responses.length;
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const refusal = await nextResponse(h, from);
    const afterRefusal = mutatingCalls(await h.omniLog());
    await h.click(card, ACTION.approveAnyway, { userId: USERS.bob });
    const summary = await waitForSummary(h, card);

    expect(blocks).toMatch(
      /\*Proxmox\* \(read .*\)\\n• \*talos-prod-workers-p7nz2d\*: VM 1\d\d on pve2: running for 3d/,
    );
    expect(blocks).toContain('unreachable, not destroyed');
    expect(blocks).toContain(ACTION.approveAnyway);
    expect(String(refusal.body.text)).toContain('still running');
    expect(String(refusal.body.text)).toContain('Nothing ran. If you are sure, press Remove anyway');
    expect(afterRefusal).toEqual([]);
    expect(String(summary.params.text)).toContain('Succeeded');
    expect(auditActions(h)).toContain('request.override');
  });
});
