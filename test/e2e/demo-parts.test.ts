import { afterEach, describe, expect, it } from 'vitest';
import { channelView } from '../../demo/build-snapshot.js';
import { demoEnv } from '../../demo/demo-env.js';
import { SCENARIO_SETUP } from '../../demo/demo-workspace.js';
import { createFleetVms } from '../../demo/fleet-vms.js';
import { renderChannelMessages } from '../../demo/public/render-channel.js';
import { NO_DIRECTORY } from '../../demo/render-mrkdwn.js';
import { serveFile } from '../../demo/serve-file.js';
import { startDemoProxmox } from '../../demo/start-demo-proxmox.js';
import type { DemoStack } from '../../demo/start-demo-stack.js';
import { startProviderHost } from '../../demo/start-provider-host.js';
import { summariseSimulator } from '../../demo/summarise-simulator.js';
import { loadConfig } from '../../src/config.js';
import { createFakeOmni, type FakeOmni, type FakeOmniState } from '../fakes/omnictl/fake-omni.js';
import { scenarioState } from '../fakes/omnictl/lib/scenarios/index.mjs';
import { fakeWebClient } from '../fakes/slack/fake-web-client.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';

describe('the playground serves its page and nothing else', () => {
  it.each([
    ['/', 'text/html'],
    ['/css/base.css', 'text/css'],
    ['/js/public/app.js', 'text/javascript'],
    ['/js/render-blocks.js', 'text/javascript'],
    ['/js/public/render-files.js', 'text/javascript'],
  ])('serves %s', (url, type) => {
    expect(serveFile(url)?.type).toContain(type);
  });

  it.each([
    '/js/demo-env.js',
    '/js/start-demo-stack.js',
    '/js/public/../demo-env.js',
    '/js/..%2fsrc%2fconfig.js',
    '/css/../../package.json',
    '/demo-env.ts',
  ])('refuses %s', (url) => {
    expect(serveFile(url)).toBeUndefined();
  });

  it('sends the front end as JavaScript the browser can load', () => {
    const app = serveFile('/js/public/app.js')?.body ?? '';

    expect(app).toContain("from './api-client.js'");
    expect(app).not.toMatch(/import type|: Snapshot/);
  });
});

describe('the simulated provider host', () => {
  let omni: FakeOmni | undefined;
  afterEach(() => omni?.cleanup());

  it('is left out, with the reason, where sshd is not installed', async () => {
    omni = await createFakeOmni({ scenario: 'healthy' });

    const host = await startProviderHost(omni, () => undefined);

    expect(host).toEqual({
      host: undefined,
      reason: 'sshd (openssh-server) is not installed on this machine',
    });
  });
});

const W3_VM = 'talos-prod-workers-p7nz2d';
const NOW = Date.parse('2026-12-04T12:00:00Z');

describe('the simulated Proxmox: VMs that follow the fleet', () => {
  it('gives each machine the provider made a VM named after its request, tagged with its set', () => {
    const state = scenarioState('healthy');

    const vms = createFleetVms(SCENARIO_SETUP.healthy.vms).sync(state, NOW);

    expect(vms.map((vm) => vm.name)).toEqual(state.machines.map((m) => m.request));
    expect(vms[0]).toEqual({
      vmid: 101,
      name: 'talos-prod-workers-q2w6fn',
      node: 'pve3',
      status: 'running',
      tags: ['machine-request.talos-prod-workers'],
      machineId: '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574',
      // Up since the machine was created (2026-07-14 10:02:11 UTC).
      uptime: (NOW - Date.parse('2026-07-14T10:02:11Z')) / 1000,
    });
  });

  it('leaves out the VM a scenario says is gone, and keeps its orphans beside the fleet', () => {
    const vms = createFleetVms(SCENARIO_SETUP['stuck-vm-gone'].vms).sync(scenarioState('talos-prod'), NOW);

    expect(vms.map((vm) => vm.name)).not.toContain(W3_VM);
    expect(vms.map((vm) => vm.vmid)).toEqual([101, 102, 103, 104, 105, 187]);
    expect(vms.at(-1)).toMatchObject({
      name: 'talos-prod-workers-x4r8vb',
      node: 'pve3',
      uptime: 12 * 86_400,
    });
  });

  it('keeps the VM of a removed machine while the provider is down (an orphan), deletes it once the provider runs', () => {
    const fleet = createFleetVms(SCENARIO_SETUP['stuck-vm-running'].vms);
    const state = scenarioState('talos-prod');
    expect(fleet.sync(state, NOW).map((vm) => vm.name)).toContain(W3_VM);
    const removed: FakeOmniState = { ...state, machines: state.machines.filter((m) => m.request !== W3_VM) };

    const whileDown = fleet.sync(removed, NOW);
    const healthy = createFleetVms(SCENARIO_SETUP.healthy.vms);
    healthy.sync(state, NOW);
    const whileUp = healthy.sync({ ...removed, provider: { ...removed.provider, connected: true } }, NOW);

    expect(whileDown.find((vm) => vm.name === W3_VM)).toMatchObject({ vmid: 106, status: 'running' });
    expect(whileUp.map((vm) => vm.name)).not.toContain(W3_VM);
    expect(fleet.sync(scenarioState('talos-prod'), NOW).map((vm) => vm.vmid)).toEqual([
      101, 102, 103, 104, 105, 106,
    ]);
  });

  it('shows each machine with its VM (or none) and the VMs no machine accounts for', () => {
    const state = scenarioState('talos-prod');
    const vms = createFleetVms(SCENARIO_SETUP['stuck-vm-gone'].vms).sync(state, NOW);

    const view = summariseSimulator(state, { url: 'https://127.0.0.1:8006', vms });

    const w3 = view.machines.find((m) => m.hostname === W3_VM);
    const w1 = view.machines.find((m) => m.hostname === 'talos-prod-workers-q2w6fn');
    expect(w3?.vm).toBeNull();
    expect(w1?.vm).toEqual({ vmid: 101, name: 'talos-prod-workers-q2w6fn', node: 'pve3', status: 'running' });
    expect(view.proxmox).toEqual({
      configured: true,
      url: 'https://127.0.0.1:8006',
      vmCount: 6,
      orphans: [{ vmid: 187, name: 'talos-prod-workers-x4r8vb', node: 'pve3', status: 'running' }],
    });
  });

  it('shows no VM column without Proxmox, and why there is none', () => {
    const view = summariseSimulator(scenarioState('talos-prod'), { reason: 'openssl is missing' });

    expect(view.machines.every((m) => m.vm === undefined)).toBe(true);
    expect(view.proxmox).toEqual({ configured: false, reason: 'openssl is missing' });
  });
});

describe('the playground without openssl', () => {
  let omni: FakeOmni | undefined;
  afterEach(() => omni?.cleanup());

  it('runs without Proxmox, says why, and gives the bot no PROXMOX_* settings', async () => {
    omni = await createFakeOmni({ scenario: 'talos-prod' });
    const noOpenssl = () => Promise.reject(new Error('spawnSync openssl ENOENT'));

    const proxmox = await startDemoProxmox(omni, SCENARIO_SETUP['talos-prod'].vms, noOpenssl);
    const env = demoEnv({
      slack: {
        options: { botToken: 'xoxb-demo' },
        apiUrl: 'http://127.0.0.1:1/api/',
      } as unknown as FakeSlack,
      omni,
      host: undefined,
      pve: proxmox.pve,
      stateDb: '/tmp/state.sqlite',
      templatesDir: '/tmp/clusters',
    });

    expect(proxmox).toEqual({
      pve: undefined,
      reason: 'the fake Proxmox did not start (its certificate needs openssl): spawnSync openssl ENOENT',
    });
    expect(Object.keys(env).filter((key) => key.startsWith('PROXMOX_'))).toEqual([]);
  });
});

describe('the playground needs no database server', () => {
  let omni: FakeOmni | undefined;
  afterEach(() => omni?.cleanup());

  it("keeps the bot's state in its own SQLite file and never passes on a DATABASE_URL from the shell", async () => {
    omni = await createFakeOmni({ scenario: 'talos-prod' });
    const shell = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://someone@db.example:5432/omni';
    try {
      const env = demoEnv({
        slack: {
          options: { botToken: 'xoxb-demo' },
          apiUrl: 'http://127.0.0.1:1/api/',
        } as unknown as FakeSlack,
        omni,
        host: undefined,
        pve: undefined,
        stateDb: '/tmp/playground/state.sqlite',
        templatesDir: '/tmp/playground/clusters',
      });
      const loaded = loadConfig(env);

      expect(Object.keys(env)).not.toContain('DATABASE_URL');
      expect(loaded.ok && loaded.config.database).toBeUndefined();
      expect(loaded.ok && loaded.config.stateDb).toBe('/tmp/playground/state.sqlite');
    } finally {
      if (shell === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = shell;
    }
  });
});

describe('the playground shows uploaded files', () => {
  it('under the message that shared them, with title, name and size, and their text escaped', async () => {
    const slack = await startFakeSlack();
    try {
      const client = fakeWebClient(slack);
      const parent = await client.chat.postMessage({ channel: 'C0OPS', text: 'approval needed' });
      await client.filesUploadV2({
        channel_id: 'C0OPS',
        thread_ts: parent.ts!,
        filename: 'timeline-run-0123456789ab.md',
        title: 'Timeline of run run-0123456789ab',
        content: '# Timeline\n- <b>not markup</b>\n',
        initial_comment: 'Timeline, asked for by <@U0CAROL>.',
      });

      const view = channelView({ slack } as DemoStack, 'C0OPS', 'U0CAROL');
      const html = renderChannelMessages(view, NO_DIRECTORY);

      expect(view.messages[0]?.replies[0]?.files).toEqual([
        {
          name: 'timeline-run-0123456789ab.md',
          title: 'Timeline of run run-0123456789ab',
          size: 31,
          text: '# Timeline\n- <b>not markup</b>\n',
          truncated: false,
        },
      ]);
      expect(html).toContain('data-file-name="timeline-run-0123456789ab.md"');
      expect(html).toContain('Timeline of run run-0123456789ab');
      expect(html).toContain('- &lt;b&gt;not markup&lt;/b&gt;');
    } finally {
      await slack.close();
    }
  });
});
