import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXED_TEMPLATE,
  fixture,
  parseJsonStream,
  runOmnictl,
  TEMPLATE,
  W2,
  withFake,
} from './run-omnictl.js';

const WORKER_LABELS_DIFF = `--- ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-worker-labels)
+++ ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-worker-labels)
@@ -16,6 +16,5 @@
   data: |
     machine:
         nodeLabels:
-            node-role.kubernetes.io/worker: ""
             topology.kubernetes.io/zone: homelab
   compresseddata: []
`;

describe.concurrent('omnictl cluster template', () => {
  it('logs the files it read for -f: the template and each file patch, with the hash of their content', () =>
    withFake(async (fake) => {
      const dir = join(fake.dir, 'clusters');
      await mkdir(join(dir, 'patches'), { recursive: true });
      const template = fixture('cluster-template.fixed.yaml').replace(
        /- name: worker-labels\n {4}inline:\n[\s\S]*$/,
        '- name: worker-labels\n    file: patches/labels.yaml\n',
      );
      const patch = 'machine:\n  nodeLabels:\n    topology.kubernetes.io/zone: homelab\n';
      await writeFile(join(dir, 'talos-prod.yaml'), template);
      await writeFile(join(dir, 'patches/labels.yaml'), patch);
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');

      await runOmnictl(fake, ['cluster', 'template', 'validate', '-f', join(dir, 'talos-prod.yaml')]);
      await runOmnictl(fake, ['get', 'clusters']);

      const [validate, get] = await fake.readLog();
      expect(validate?.files).toEqual([
        { path: join(dir, 'talos-prod.yaml'), sha256: sha(template) },
        { path: join(dir, 'patches/labels.yaml'), sha256: sha(patch) },
      ]);
      expect(get?.files).toBeUndefined();
    }));

  it('validates the broken template (validation does not know NodeRestriction) and rejects bad ones', () =>
    withFake(async (fake) => {
      const bad = join(fake.dir, 'bad.yaml');
      await writeFile(bad, 'kind: ControlPlane\nmachineClass:\n  name: x\n  size: 1\n');

      const ok = await runOmnictl(fake, ['cluster', 'template', 'validate', '-f', TEMPLATE]);
      const broken = await runOmnictl(fake, ['cluster', 'template', 'validate', '-f', bad]);
      const missing = await runOmnictl(fake, ['cluster', 'template', 'validate']);

      expect(ok).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
      expect(broken).toMatchObject({
        exitCode: 1,
        stderr: 'Error: template should contain 1 cluster, got 0\n',
      });
      expect(missing.stderr).toBe('Error: required flag(s) "file" not set\n');
    }));

  it('syncs nothing for the template already applied; diffs, dry-runs and syncs the fixed one', () =>
    withFake(async (fake) => {
      const same = await runOmnictl(fake, ['cluster', 'template', 'sync', '-f', TEMPLATE]);
      const diff = await runOmnictl(fake, ['cluster', 'template', 'diff', '-f', FIXED_TEMPLATE]);
      const dryRun = await runOmnictl(fake, [
        'cluster',
        'template',
        'sync',
        '--dry-run',
        '-f',
        FIXED_TEMPLATE,
      ]);
      const logsBefore = await runOmnictl(fake, ['machine-logs', W2, '--log-format', 'dmesg']);
      const sync = await runOmnictl(fake, ['cluster', 'template', 'sync', '-f', FIXED_TEMPLATE]);
      const again = await runOmnictl(fake, ['cluster', 'template', 'sync', '-f', FIXED_TEMPLATE]);
      const diffAfter = await runOmnictl(fake, ['cluster', 'template', 'diff', '-f', FIXED_TEMPLATE]);
      const logsAfter = await runOmnictl(fake, ['machine-logs', W2]);

      expect(same).toMatchObject({ exitCode: 0, stdout: '' });
      expect(diff.stdout).toBe(WORKER_LABELS_DIFF);
      expect(dryRun.stdout).toBe(fixture('cluster-template-sync.dry-run.stdout.txt'));
      expect(logsBefore.stdout).toBe(fixture('machine-logs.nodelabels.dmesg.stdout.txt'));
      expect(sync.stdout).toBe(fixture('cluster-template-sync.stdout.txt'));
      expect(again.stdout).toBe('');
      expect(diffAfter.stdout).toBe('');
      expect(logsAfter).toMatchObject({ exitCode: 0, stdout: '' });
      expect((await fake.readState()).templates['talos-prod']).toBe(fixture('cluster-template.fixed.yaml'));
    }));

  it('prints the status tree of the fixtures and fails as the real one does', () =>
    withFake(async (fake) => {
      const wait0 = await runOmnictl(fake, ['cluster', 'status', 'talos-prod', '--wait', '0']);
      const viaTemplate = await runOmnictl(fake, [
        'cluster',
        'template',
        'status',
        '-f',
        TEMPLATE,
        '-w',
        '0',
      ]);
      const started = Date.now();
      const waiting = await runOmnictl(fake, ['cluster', 'status', 'talos-prod', '--wait', '600ms']);
      const waited = Date.now() - started;

      expect(wait0.stdout).toBe(fixture('cluster-status.wait0.stdout.txt'));
      expect(wait0.stderr).toBe(fixture('cluster-status.wait0.stderr.txt'));
      expect(wait0.exitCode).toBe(1);
      expect(viaTemplate.stdout).toBe(wait0.stdout);
      // The provider is down in talos-prod, so the cluster never gets healthy: the wait runs out.
      expect(waiting).toMatchObject({ exitCode: 1, stderr: 'Error: context deadline exceeded\n' });
      expect(waited).toBeGreaterThanOrEqual(600);
      expect(waiting.stdout).toBe(wait0.stdout);
    }));

  it('waits with --wait until the cluster is healthy, the provisioning moving on while it waits', () =>
    withFake(async (fake) => {
      await fake.setProviderConnected(true);
      await runOmnictl(fake, ['cluster', 'template', 'delete', '-f', TEMPLATE]);
      for (let i = 0; i < 3; i += 1) await runOmnictl(fake, ['get', 'clustermachines']);
      await runOmnictl(fake, ['cluster', 'template', 'sync', '-f', FIXED_TEMPLATE]);

      // No `get` in between: the new machines are still BOOTING when the status starts waiting.
      const booting = await runOmnictl(fake, ['cluster', 'status', 'talos-prod', '-w', '0']);
      const status = await runOmnictl(fake, [
        'cluster',
        'template',
        'status',
        '-f',
        FIXED_TEMPLATE,
        '--wait',
        '20m',
      ]);

      expect(booting.stdout).toMatch(/BOOTING/);
      expect(status.exitCode).toBe(0);
      expect(status.stdout).toMatch(/^Cluster "talos-prod" RUNNING Ready \(6\/6\)/);
    }));

  it('keeps waiting while another process brings the provider back, then reports healthy', () =>
    withFake(async (fake) => {
      await runOmnictl(fake, ['cluster', 'template', 'delete', '-f', TEMPLATE]);
      for (let i = 0; i < 3; i += 1) await runOmnictl(fake, ['get', 'clustermachines']);
      await runOmnictl(fake, ['cluster', 'template', 'sync', '-f', FIXED_TEMPLATE]);

      const status = runOmnictl(fake, ['cluster', 'status', 'talos-prod', '--wait', '1m']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await fake.setProviderConnected(true);

      expect(await status).toMatchObject({ exitCode: 0 });
      expect((await status).stdout).toMatch(/^Cluster "talos-prod" RUNNING Ready \(6\/6\)/);
    }));

  it('reports the healthy scenario healthy', () =>
    withFake(
      async (fake) => {
        const result = await runOmnictl(fake, ['cluster', 'status', 'talos-prod']);

        expect(result.exitCode).toBe(0);
        expect(result.stdout.split('\n')[0]).toBe('Cluster "talos-prod" RUNNING Ready (6/6) (healthy/total)');
        expect(result.stdout).not.toMatch(/Unreachable|Not Ready/);
      },
      { scenario: 'healthy' },
    ));

  it('deletes a cluster whose machines disappear only after polling, and brings it back by sync', () =>
    withFake(async (fake) => {
      const remove = await runOmnictl(fake, ['cluster', 'template', 'delete', '-f', TEMPLATE]);
      const poll1 = await runOmnictl(fake, ['get', 'clustermachines', '-o', 'json']);
      const poll2 = await runOmnictl(fake, ['get', 'clustermachines', '-o', 'json']);
      const poll3 = await runOmnictl(fake, ['get', 'clustermachines', '-o', 'json']);
      await fake.setProviderConnected(true);
      const sync = await runOmnictl(fake, ['cluster', 'template', 'sync', '-f', FIXED_TEMPLATE]);
      const provisioning = await runOmnictl(fake, ['cluster', 'status', 'talos-prod', '-w', '0']);
      await runOmnictl(fake, ['get', 'machines']);
      await runOmnictl(fake, ['get', 'machines']);
      const healthy = await runOmnictl(fake, ['cluster', 'status', 'talos-prod', '-w', '0']);

      expect(remove.stdout).toBe(
        '* tearing down Clusters.omni.sidero.dev(talos-prod)\n* destroyed Clusters.omni.sidero.dev(talos-prod)\n',
      );
      expect(parseJsonStream(poll1.stdout).map((r) => r.metadata.phase)).toEqual(
        Array(6).fill('tearingDown'),
      );
      expect(parseJsonStream(poll2.stdout)).toHaveLength(6);
      expect(poll3.stdout).toBe('');
      expect(sync.stdout).toBe(
        [
          '* creating Clusters.omni.sidero.dev(talos-prod)',
          '* creating ConfigPatches.omni.sidero.dev(200-cluster-talos-prod-cluster-dns)',
          '* creating ConfigPatches.omni.sidero.dev(400-talos-prod-workers-worker-labels)',
          '* creating MachineSets.omni.sidero.dev(talos-prod-control-planes)',
          '* creating MachineSets.omni.sidero.dev(talos-prod-workers)',
          '',
        ].join('\n'),
      );
      expect(provisioning.stdout).toMatch(/BOOTING/);
      expect(provisioning.exitCode).toBe(1);
      expect(healthy.exitCode).toBe(0);
      expect(healthy.stdout).toMatch(/^Cluster "talos-prod" RUNNING Ready \(6\/6\)/);
    }));
});
