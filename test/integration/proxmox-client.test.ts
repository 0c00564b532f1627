import { afterEach, describe, expect, it } from 'vitest';
import { createProxmoxClient, type ProxmoxSettings } from '../../src/proxmox/create-proxmox-client.js';
import { ProxmoxError } from '../../src/proxmox/proxmox-error.js';
import { type FakeProxmox, makeCertificate, startFakeProxmox } from '../fakes/proxmox/start-fake-proxmox.js';

const MACHINE = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';

let pve: FakeProxmox | undefined;
afterEach(async () => {
  await pve?.close();
  pve = undefined;
});

async function start() {
  pve = await startFakeProxmox({
    vms: [
      {
        vmid: 101,
        name: 'talos-prod-workers-k9tx4b',
        node: 'pve2',
        status: 'running',
        tags: ['go-proxmox+cloud-init', 'machine-request.talos-prod-workers'],
        machineId: MACHINE,
      },
      { vmid: 9000, name: 'talos-template', node: 'pve1', status: 'stopped', template: 1 },
    ],
  });
  return pve;
}

const settings = (p: FakeProxmox, change: Partial<ProxmoxSettings> = {}): ProxmoxSettings => ({
  url: p.url,
  tokenId: p.tokenId,
  tokenSecret: p.tokenSecret,
  trust: { fingerprint: p.fingerprint },
  ...change,
});

async function failure(promise: Promise<unknown>): Promise<ProxmoxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProxmoxError);
  return error as ProxmoxError;
}

describe('the Proxmox client', () => {
  it('lists the VMs with a pinned self-signed certificate, and reads a VM’s machine id from its config', async () => {
    const p = await start();
    const client = createProxmoxClient(settings(p));

    const vms = await client.listVms();
    const machineId = await client.vmMachineId('pve2', 101);

    expect(vms).toEqual([
      expect.objectContaining({
        vmid: 101,
        name: 'talos-prod-workers-k9tx4b',
        node: 'pve2',
        status: 'running',
        type: 'qemu',
        tags: 'go-proxmox+cloud-init;machine-request.talos-prod-workers',
      }),
      expect.objectContaining({ vmid: 9000, template: 1 }),
    ]);
    expect(machineId).toBe(MACHINE);
    expect(p.requests.map((r) => [r.path, r.authorized])).toEqual([
      ['/api2/json/cluster/resources?type=vm', true],
      ['/api2/json/nodes/pve2/qemu/101/config', true],
    ]);
  });

  it('trusts a CA file as well (the certificate itself as the CA)', async () => {
    const p = await start();

    const vms = await createProxmoxClient(settings(p, { trust: { ca: p.certificatePem } })).listVms();

    expect(vms).toHaveLength(2);
  });

  it('refuses a certificate other than the pinned one, naming the offered fingerprint, and sends nothing', async () => {
    const p = await start();
    const other = makeCertificate('someone-else').fingerprint;

    const error = await failure(
      createProxmoxClient(settings(p, { trust: { fingerprint: other } })).listVms(),
    );

    expect(error.kind).toBe('tls-pin-mismatch');
    expect(error.userMessage).toContain(`offered certificate ${p.fingerprint}`);
    expect(error.userMessage).toContain(`PROXMOX_TLS_FINGERPRINT pins ${other}`);
    expect(p.requests).toEqual([]);
  });

  it('refuses a self-signed certificate no CA file vouches for, and sends nothing', async () => {
    const p = await start();

    const error = await failure(
      createProxmoxClient(settings(p, { trust: { ca: makeCertificate('other-ca').cert } })).listVms(),
    );

    expect(error.kind).toBe('tls-untrusted');
    expect(error.userMessage).toContain('PROXMOX_CA_FILE');
    expect(p.requests).toEqual([]);
  });

  it.each([
    [401, 'token-rejected', 'rejected the API token (401). Check PROXMOX_TOKEN_ID and PROXMOX_TOKEN_SECRET'],
    [403, 'forbidden', 'PVEAuditor'],
    [500, 'server-error', 'answered 500: injected 500'],
  ] as const)('names a %i as %s, without the token', async (status, kind, words) => {
    const p = await start();
    p.fault({ status });

    const error = await failure(createProxmoxClient(settings(p)).listVms());

    expect(error.kind).toBe(kind);
    expect(error.userMessage).toContain(words);
    expect(`${error.message} ${error.userMessage}`).not.toContain(p.tokenSecret);
  });

  it('gives up on a Proxmox that does not answer, within its timeout', async () => {
    const p = await start();
    p.fault({ hang: true });

    const error = await failure(createProxmoxClient(settings(p), { timeoutMs: 300 }).listVms());

    expect(error.kind).toBe('timeout');
    expect(error.userMessage).toMatch(/did not answer within/);
  });

  it('names an unreachable host', async () => {
    const p = await start();
    const url = p.url;
    await p.close();
    pve = undefined;

    const error = await failure(createProxmoxClient({ ...settings(p), url }).listVms());

    expect(error.kind).toBe('unreachable');
    expect(error.userMessage).toContain('Check PROXMOX_URL');
  });

  it('stops when the caller aborts', async () => {
    const p = await start();
    p.fault({ hang: true });
    const controller = new AbortController();

    const pending = createProxmoxClient(settings(p), { timeoutMs: 10_000 }).listVms(controller.signal);
    setTimeout(() => controller.abort(), 50);

    expect((await failure(pending)).kind).toBe('aborted');
  });
});
