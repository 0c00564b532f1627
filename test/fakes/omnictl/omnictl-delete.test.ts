import { describe, expect, it } from 'vitest';
import type { FakeOmni } from './fake-omni.js';
import { fixture, parseJsonStream, runOmnictl, W2, W3, withFake } from './run-omnictl.js';

async function ids(omni: FakeOmni, type: string) {
  return parseJsonStream((await runOmnictl(omni, ['get', type, '-o', 'json'])).stdout).map(
    (r) => r.metadata.id,
  );
}

describe.concurrent('omnictl delete', () => {
  it.each(['machines', 'clustermachines', 'clusterstatuses'])(
    'refuses %s as read-only and changes nothing',
    (type) =>
      withFake(async (fake) => {
        const before = JSON.stringify(await fake.readState());

        const result = await runOmnictl(fake, ['delete', type, W3]);

        expect(result.exitCode).toBe(1);
        expect(result.stderr).toBe(fixture('delete-machine.readonly-error.stderr.txt'));
        expect(JSON.stringify(await fake.readState())).toBe(before);
      }),
  );

  it('removes a Link and everything hanging off it, and recounts the cluster', () =>
    withFake(async (fake) => {
      const result = await runOmnictl(fake, ['delete', 'links', W3]);

      expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: fixture('delete-link.stderr.txt') });
      const state = await fake.readState();
      expect(state.machines.map((m) => m.uuid)).not.toContain(W3);
      for (const type of ['links', 'clustermachines', 'clustermachinestatuses']) {
        expect(await ids(fake, type)).not.toContain(W3);
      }
      expect(await ids(fake, 'machinerequeststatuses')).not.toContain('talos-prod-workers-p7nz2d');
      const [status] = parseJsonStream(
        (await runOmnictl(fake, ['get', 'clusterstatus', 'talos-prod', '-o', 'json'])).stdout,
      );
      expect(status?.spec).toMatchObject({
        machines: { total: 5, healthy: 5, connected: 5, requested: 6 },
        phase: 1,
        ready: false,
      });
    }));

  it('is silently fine with a missing ID, and needs an ID or --all/--selector', () =>
    withFake(async (fake) => {
      const missing = await runOmnictl(fake, ['delete', 'links', '00000000-0000-0000-0000-000000000000']);
      const none = await runOmnictl(fake, ['delete', 'links']);
      const both = await runOmnictl(fake, ['delete', 'links', '--all', '-l', 'x']);

      expect(missing).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
      expect(none.stderr).toBe(
        'Error: either resource ID or one of --all or --selector flags must be specified\n',
      );
      expect(both.stderr).toMatch(/^Error: if any flags in the group \[all selector\] are set/);
    }));

  it('keeps a MachineRequest tearing down (and the command waiting) while the provider is down', () =>
    withFake(async (fake) => {
      const pending = runOmnictl(fake, ['delete', 'machinerequests', 'talos-prod-workers-p7nz2d']);
      const phase = async () =>
        (await fake.readState()).machines.find((m) => m.uuid === W3)?.machineRequestPhase;
      while ((await phase()) !== 'tearingDown') await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stillWaiting = pending.exitCode === null;
      await fake.setProviderConnected(true);
      const done = await pending;

      expect(stillWaiting).toBe(true);
      expect(done).toMatchObject({
        exitCode: 0,
        stderr: 'destroyed MachineRequests.omni.sidero.dev talos-prod-workers-p7nz2d\n',
      });
      expect((await fake.readState()).machines.map((m) => m.uuid)).not.toContain(W3);
    }));

  it('removes a MachineRequest and its machine at once when the provider is connected', () =>
    withFake(async (fake) => {
      await fake.setProviderConnected(true);

      const result = await runOmnictl(fake, ['delete', 'machinerequests', 'talos-prod-workers-k9tx4b']);

      expect(result.stderr).toBe('destroyed MachineRequests.omni.sidero.dev talos-prod-workers-k9tx4b\n');
      expect((await fake.readState()).machines.find((m) => m.uuid === W2)).toBeUndefined();
    }));
});

describe.concurrent('omnictl cluster machine delete', () => {
  it('asks first and fails on a closed stdin, changing nothing', () =>
    withFake(async (fake) => {
      const result = await runOmnictl(fake, ['cluster', 'machine', 'delete', W3, '--force']);

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe('Do you want to continue? (y/N): Error: failed to read user input: EOF\n');
      expect((await fake.readState()).machines.map((m) => m.uuid)).toContain(W3);
    }));

  it('with --force -y removes the machine from Omni, printing what the real one prints', () =>
    withFake(async (fake) => {
      const result = await runOmnictl(fake, ['cluster', 'machine', 'delete', W3, '--force', '-y']);

      expect(result).toMatchObject({
        exitCode: 0,
        stdout: '',
        stderr: fixture('cluster-machine-delete.force.stderr.txt'),
      });
      expect(await ids(fake, 'clustermachines')).not.toContain(W3);
    }));

  it('answers NotFound for a machine that is not in a cluster', () =>
    withFake(async (fake) => {
      const result = await runOmnictl(fake, [
        'cluster',
        'machine',
        'delete',
        '00000000-0000-0000-0000-000000000000',
        '-y',
      ]);

      expect(result.stderr).toBe(
        "Error: rpc error: code = NotFound desc = resource ClusterMachines.omni.sidero.dev(default/00000000-0000-0000-0000-000000000000@undefined) doesn't exist\n",
      );
    }));

  it('without --force waits for an unreachable machine until its timeout', () =>
    withFake(async (fake) => {
      const result = await runOmnictl(fake, ['cluster', 'machine', 'delete', W3, '-y', '-t', '300ms']);

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        `wait until ClusterMachines.omni.sidero.dev ${W3} is destroyed\nError: context deadline exceeded\n`,
      );
    }));
});
