import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeOmni, type FakeOmni } from './fake-omni.js';
import { fixture, parseJsonStream, runOmnictl, W3 } from './run-omnictl.js';

let fake: FakeOmni;
beforeAll(async () => {
  fake = await createFakeOmni({ scenario: 'talos-prod' });
});
afterAll(async () => {
  await fake.cleanup();
});

describe.concurrent('omnictl get on talos-prod reproduces the fixtures byte for byte', () => {
  it.each([
    ['get-machines.json', ['get', 'machines', '-o', 'json']],
    ['get-machines.table.txt', ['get', 'machines']],
    ['get-machines.yaml', ['get', 'machines', '-o', 'yaml']],
    ['get-machinestatus.json', ['get', 'machinestatuses', '-o', 'json']],
    ['get-machinestatus.table.txt', ['get', 'machinestatus']],
    [`get-machinestatus-${W3}.yaml`, ['get', 'machinestatus', W3, '-o', 'yaml']],
    ['get-clustermachines.json', ['get', 'clustermachines', '-o', 'json']],
    ['get-clustermachines.table.txt', ['get', 'ClusterMachine']],
    ['get-clustermachinestatus.json', ['get', 'clustermachinestatuses', '--output=json']],
    ['get-clustermachinestatus.table.txt', ['get', 'clustermachinestatus']],
    ['get-clustermachinestatus.yaml', ['get', 'clustermachinestatuses', '-oyaml']],
    [
      'get-clustermachinestatus.jsonpath-stage.txt',
      ['get', 'clustermachinestatuses', '-o', 'jsonpath={.spec.stage}'],
    ],
    ['get-clusters.table.txt', ['get', 'clusters']],
    ['get-cluster-talos-prod.json', ['get', 'cluster', 'talos-prod', '-o', 'json']],
    ['get-cluster-talos-prod.yaml', ['get', 'cluster', 'talos-prod', '-o', 'yaml']],
    ['get-clusterstatus.table.txt', ['get', 'clusterstatuses']],
    ['get-clusterstatus-talos-prod.json', ['get', 'clusterstatus', 'talos-prod', '-o', 'json']],
    ['get-machineclasses.json', ['get', 'machineclasses', '-o', 'json']],
    ['get-machineclasses.table.txt', ['get', 'machineclasses']],
    ['get-machineclasses.yaml', ['get', 'machineclasses', '-o', 'yaml']],
    ['get-links.json', ['get', 'links', '-o', 'json']],
    ['get-links.table.txt', ['get', 'links']],
    ['get-machinerequests.json', ['get', 'machinerequests', '-o', 'json']],
    ['get-machinerequests.table.txt', ['get', 'machinerequests']],
    ['get-machinerequeststatuses.json', ['get', 'machinerequeststatuses', '-o', 'json']],
    ['get-machinerequeststatuses.table.txt', ['get', 'machinerequeststatuses']],
    ['get-infraprovidercombinedstatus.json', ['get', 'infraprovidercombinedstatuses', '-o', 'json']],
    ['get-infraprovidercombinedstatus.table.txt', ['get', 'infraprovidercombinedstatuses']],
    ['get-infraproviderhealthstatus.table.txt', ['get', 'infraproviderhealthstatuses']],
    ['infraprovider-list.stdout.txt', ['infraprovider', 'list']],
    ['serviceaccount-list.stdout.txt', ['serviceaccount', 'list']],
    ['version.stdout.txt', ['--version']],
  ])('%s', async (file, args) => {
    const result = await runOmnictl(fake, args);

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(fixture(file));
    expect(result.exitCode).toBe(0);
  });

  it.each([
    ['get-machine.notfound.stderr.txt', ['get', 'machine', '00000000-0000-0000-0000-000000000000']],
    ['get-unknown-type.stderr.txt', ['get', 'machinez']],
    ['get-ambiguous-alias.stderr.txt', ['get', 'cms']],
    ['version-subcommand.stderr.txt', ['version']],
    ['delete-machine.readonly-error.stderr.txt', ['delete', 'machines', W3]],
  ])('%s (exit 1, nothing on stdout)', async (file, args) => {
    const result = await runOmnictl(fake, args);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(fixture(file));
    expect(result.exitCode).toBe(1);
  });
});

describe.concurrent('omnictl get queries', () => {
  it.each([
    ['omni.sidero.dev/role-controlplane', 3],
    ['omni.sidero.dev/machine-set=talos-prod-workers', 3],
    ['omni.sidero.dev/machine-set=talos-prod-workers,!omni.sidero.dev/connected', 1],
    ['omni.sidero.dev/machine-set in (talos-prod-workers, nope)', 3],
  ])('--selector %s matches %i cluster machine statuses', async (selector, count) => {
    const result = await runOmnictl(fake, ['get', 'clustermachinestatuses', '-l', selector, '-o', 'json']);

    expect(parseJsonStream(result.stdout)).toHaveLength(count);
  });

  it('prints nothing for an empty list in json, only the header in table', async () => {
    const json = await runOmnictl(fake, ['get', 'machines', '-l', 'nope', '-o', 'json']);
    const table = await runOmnictl(fake, ['get', 'machines', '-l', 'nope']);

    expect(json.stdout).toBe('');
    expect(table.stdout).toBe('NAMESPACE   TYPE   ID   VERSION   ADDRESS   CONNECTED\n');
  });

  it('refuses an unsupported output format and an ID with a selector', async () => {
    const format = await runOmnictl(fake, ['get', 'machines', '-o', 'xml']);
    const both = await runOmnictl(fake, ['get', 'machines', W3, '-l', 'x']);

    expect(format.stderr).toBe('Error: output format "xml" is not supported\n');
    expect(both.stderr).toBe('Error: cannot specify both resource ID and selector\n');
  });

  it('creates the default omniconfig where OMNICONFIG points, and needs credentials', async () => {
    const other = await createFakeOmni();
    const noKey = await runOmnictl(other, ['get', 'machines'], {
      env: { OMNICONFIG: other.omniconfigPath },
      extendEnv: false,
    });
    const { readFile } = await import('node:fs/promises');

    expect(noKey.exitCode).toBe(1);
    expect(noKey.stderr).toMatch(/^Error: fake omnictl: no credentials: set OMNI_SERVICE_ACCOUNT_KEY/);
    expect(await readFile(other.omniconfigPath, 'utf8')).toBe(fixture('omniconfig.autocreated-default.yaml'));
    await other.cleanup();
  });

  it('logs every invocation with its exit code', async () => {
    const own = await createFakeOmni();
    await runOmnictl(own, ['get', 'links']);
    await runOmnictl(own, ['get', 'nope']);

    expect(await own.readLog()).toMatchObject([
      { argv: ['get', 'links'], exitCode: 0 },
      { argv: ['get', 'nope'], exitCode: 1 },
    ]);
    await own.cleanup();
  });
});
