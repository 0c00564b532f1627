import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeProxmox,
  type FakeVm,
  proxmoxEnv,
  startFakeProxmox,
} from '../fakes/proxmox/start-fake-proxmox.js';
import { storedMessage } from '../support/approval-flow.js';
import { type Harness, INCIDENTS, startHarness } from '../support/bot-harness.js';

const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';

let harness: Harness | undefined;
let pve: FakeProxmox | undefined;
afterEach(async () => {
  await harness?.stop();
  await pve?.close();
  harness = undefined;
  pve = undefined;
});

// Proxmox as the provider left it: a VM per machine of the fleet.
async function proxmoxFor(h: Harness): Promise<FakeProxmox> {
  const state = await h.omni.readState();
  const vms: FakeVm[] = state.machines.map((m, i) => ({
    vmid: 101 + i,
    name: String(m.request ?? m.nodeName),
    node: i % 2 === 0 ? 'pve1' : 'pve2',
    status: 'running',
    uptime: 3 * 86_400,
    tags: m.requestSet ? [`machine-request.${m.requestSet}`] : [],
    machineId: m.uuid,
  }));
  return startFakeProxmox({ vms });
}

async function stuckReport(h: Harness) {
  const from = h.slack.calls.length;
  await h.command('stuck-machines talos-prod');
  return storedMessage(h.slack, await h.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }));
}

describe('stuck machines against Proxmox', () => {
  it('says, per stuck machine, whether its VM is gone or still running, and never shows the token', async () => {
    const omniOnly = await startHarness();
    pve = await proxmoxFor(omniOnly);
    await omniOnly.stop();
    harness = await startHarness({
      env: proxmoxEnv(pve),
    });

    const alive = JSON.stringify((await stuckReport(harness)).blocks);
    // The runbook's diagnosis ("the VM was deleted out of band") comes true.
    pve.vms.splice(
      pve.vms.findIndex((vm) => vm.machineId === W3),
      1,
    );
    const gone = JSON.stringify((await stuckReport(harness)).blocks);

    expect(alive).toMatch(/\*VM\*\\nVM 1\d\d on pve[12]: running for 3d/);
    expect(gone).toContain('*VM*\\ngone: Proxmox has no VM named talos-prod-workers-p7nz2d');
    expect(pve.requests.every((r) => r.authorized)).toBe(true);
    const seen = [
      ...harness.logs,
      JSON.stringify(harness.slack.calls.map((c) => c.params)),
      readFileSync(harness.stateDb).toString('latin1'),
    ].join('\n');
    expect(seen).not.toContain(pve.tokenSecret);
  });

  it('says once that VM existence was not checked when Proxmox is not configured', async () => {
    harness = await startHarness();

    const blocks = JSON.stringify((await stuckReport(harness)).blocks);

    expect(blocks).toContain('VM existence not checked: Proxmox is not configured');
    expect(blocks).not.toContain('*VM*');
  });

  it('answers with the stuck machines and the reason when Proxmox refuses the token', async () => {
    const omniOnly = await startHarness();
    pve = await proxmoxFor(omniOnly);
    await omniOnly.stop();
    harness = await startHarness({
      env: { ...proxmoxEnv(pve), PROXMOX_TOKEN_SECRET: 'not-the-secret' },
    });

    const blocks = JSON.stringify((await stuckReport(harness)).blocks);

    expect(blocks).toContain('talos-prod-workers-p7nz2d');
    expect(blocks).toContain('*VM*\\nunknown (see below)');
    expect(blocks).toContain('VM existence unknown: Proxmox at 127.0.0.1');
    expect(blocks).toContain('rejected the API token (401)');
  });

  it('drift names a missing VM and an orphan VM by name, VM id and node', async () => {
    const omniOnly = await startHarness();
    pve = await proxmoxFor(omniOnly);
    await omniOnly.stop();
    pve.vms.splice(
      pve.vms.findIndex((vm) => vm.machineId === W3),
      1,
    );
    pve.vms.push({
      vmid: 187,
      name: 'talos-prod-workers-zz9x1q',
      node: 'pve3',
      status: 'running',
      tags: ['machine-request.talos-prod-workers'],
    });
    harness = await startHarness({
      env: proxmoxEnv(pve),
    });

    const from = harness.slack.calls.length;
    await harness.command('drift talos-prod');
    const drift = storedMessage(
      harness.slack,
      await harness.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }),
    );
    const blocks = JSON.stringify(drift.blocks);

    expect(blocks).toContain(
      `missing VM: Omni has machine \`${W3}\`, Proxmox has no VM \`talos-prod-workers-p7nz2d\``,
    );
    expect(blocks).toContain('orphan VM `talos-prod-workers-zz9x1q` (VM 187 on pve3)');
  });

  it('drift says VM existence was not checked without Proxmox', async () => {
    harness = await startHarness();

    const from = harness.slack.calls.length;
    await harness.command('drift talos-prod');
    const drift = storedMessage(
      harness.slack,
      await harness.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }),
    );

    expect(JSON.stringify(drift.blocks)).toContain(
      '*Proxmox VMs*\\n:grey_question: VM existence not checked: Proxmox is not configured',
    );
  });
});

describe('/omni status and Proxmox', () => {
  it('says whether Proxmox answered, and /readyz stays ready when it does not', async () => {
    pve = await startFakeProxmox({ vms: [] });
    harness = await startHarness({
      env: proxmoxEnv(pve),
    });
    const status = async () => {
      const from = harness!.slack.calls.length;
      await harness!.command('status');
      return JSON.stringify(
        storedMessage(
          harness!.slack,
          await harness!.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }),
        ).blocks,
      );
    };

    const up = await status();
    pve.fault({ status: 500 });
    const down = await status();
    const ready = await fetch(`http://127.0.0.1:${harness.bot.port}/readyz`);

    expect(up).toContain('*Proxmox*\\n:large_green_circle: reachable, 0 VMs and containers');
    expect(down).toContain('*Proxmox*\\n:grey_question: VM existence unknown: Proxmox at 127.0.0.1');
    expect(down).toContain('answered 500');
    expect(ready.status).toBe(200);
  });
});

describe('the watcher and Proxmox', () => {
  it('alerts once per orphan VM, and resolves the alert when the VM is gone', {
    timeout: 60_000,
  }, async () => {
    const omniOnly = await startHarness();
    pve = await proxmoxFor(omniOnly);
    await omniOnly.stop();
    pve.vms.push({
      vmid: 187,
      name: 'talos-prod-workers-zz9x1q',
      node: 'pve3',
      status: 'running',
      tags: ['machine-request.talos-prod-workers'],
    });
    harness = await startHarness({
      env: proxmoxEnv(pve),
    });
    const orphanAlerts = () =>
      harness!.slack.channelMessages(INCIDENTS).filter((m) => m.text.includes('talos-prod-workers-zz9x1q'));

    await harness.bot.watch();
    harness.clock.advance(3 * 60_000);
    await harness.bot.watch();
    harness.clock.advance(60_000);
    await harness.bot.watch();
    const alerted = orphanAlerts();
    pve.vms.splice(
      pve.vms.findIndex((vm) => vm.vmid === 187),
      1,
    );
    harness.clock.advance(60_000);
    await harness.bot.watch();

    expect(alerted).toHaveLength(1);
    expect(alerted[0]?.text).toContain(
      'Orphan VM in Proxmox: VM talos-prod-workers-zz9x1q (VM 187 on pve3) is left in Proxmox',
    );
    expect(orphanAlerts()[0]?.text).toMatch(/^Resolved after/);
  });
});
