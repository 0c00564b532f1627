import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createFakeOmni, generateFleet } from './fake-omni.js';
import { parseJsonStream, runOmnictl, W3 } from './run-omnictl.js';

const ADMIN = fileURLToPath(new URL('./admin.mjs', import.meta.url));

describe('generated fleets', () => {
  it('generates 10,000 machines in clusters of 100 quickly, a few percent of them stuck', () => {
    const started = performance.now();
    const state = generateFleet({ machines: 10_000, stuckRatio: 0.04 });
    const elapsed = performance.now() - started;

    const stuck = state.machines.filter((m) => !m.connected);
    expect(elapsed).toBeLessThan(3_000);
    expect(state.machines).toHaveLength(10_000);
    expect(state.resources['Clusters.omni.sidero.dev']).toHaveLength(100);
    expect(stuck.length).toBeGreaterThan(300);
    expect(stuck.length).toBeLessThan(500);
    expect(stuck.some((m) => m.clusterMachinePhase === 'tearingDown')).toBe(true);
    expect(new Set(state.machines.map((m) => m.uuid)).size).toBe(10_000);
  });

  it('answers `get` on 1,000 machines like on the small scenario', async () => {
    const fake = await createFakeOmni({ scenario: { machines: 1_000, stuckRatio: 0.03 } });

    const started = performance.now();
    const result = await runOmnictl(fake, ['get', 'clustermachinestatuses', '-o', 'json']);
    const elapsed = performance.now() - started;
    const table = await runOmnictl(fake, ['get', 'clusterstatuses']);

    const items = parseJsonStream(result.stdout);
    expect(items).toHaveLength(1_000);
    expect(items.filter((r) => r.spec.stage === 5).length).toBeGreaterThan(10);
    expect(elapsed).toBeLessThan(5_000);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^default {5}ClusterStatus {3}fleet-001 {3}1 {9}true {8}2 {7}100 {8}\d+$/,
    );
    await fake.cleanup();
  });
});

describe('the state file', () => {
  it('survives concurrent invocations without losing an update', async () => {
    const fake = await createFakeOmni({ scenario: 'healthy' });
    const links = parseJsonStream((await runOmnictl(fake, ['get', 'links', '-o', 'json'])).stdout).map(
      (r) => r.metadata.id,
    );

    const results = await Promise.all([
      ...links.map((id) => runOmnictl(fake, ['delete', 'links', id])),
      ...links.slice(0, 3).map(() => runOmnictl(fake, ['get', 'machines', '-o', 'json'])),
    ]);

    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    const left = (await fake.readState()).machines.filter((m) => links.includes(m.uuid));
    expect(left).toEqual([]);
    await fake.cleanup();
  });

  it('can be steered from a shell with admin.mjs', async () => {
    const fake = await createFakeOmni();
    const env = { FAKE_OMNI_STATE: fake.statePath };

    await execa(process.execPath, [ADMIN, 'set-provider-connected', 'true'], { env });
    const provider = await execa(process.execPath, [ADMIN, 'provider'], { env });
    const list = await runOmnictl(fake, ['infraprovider', 'list']);

    expect(JSON.parse(provider.stdout)).toMatchObject({ id: 'proxmox', connected: true, keyRenewals: 0 });
    expect(list.stdout).toContain('Proxmox infrastructure provider    true');
    await fake.cleanup();
  });

  it('the healthy scenario has every machine connected and the fixed template', async () => {
    const fake = await createFakeOmni({ scenario: 'healthy' });

    const state = await fake.readState();

    expect(state.machines.every((m) => m.connected && m.ready && m.stage === 4)).toBe(true);
    expect(state.machines.map((m) => m.uuid)).toContain(W3);
    expect(state.templates['talos-prod']).not.toContain('node-role.kubernetes.io');
    expect(state.provider.connected).toBe(true);
    await fake.cleanup();
  });
});
