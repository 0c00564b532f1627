// A stand-in for the Proxmox VE API the bot reads (notes §5.4–5.5): HTTPS on 127.0.0.1 with a
// throwaway self-signed certificate made by openssl, an API-token check, the two read endpoints,
// and faults (401, 403, 500, a hang). It records each request, and whether it carried the token.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type FakeVm = {
  vmid: number;
  name: string;
  node: string;
  status: 'running' | 'stopped';
  type?: 'qemu' | 'lxc';
  template?: 0 | 1;
  tags?: string[];
  uptime?: number;
  // The SMBIOS UUID (the Omni machine id the provider set).
  machineId?: string;
};

export type FakeProxmoxFault = { status?: 401 | 403 | 500; hang?: boolean; times?: number };

export type FakeProxmox = {
  url: string;
  tokenId: string;
  tokenSecret: string;
  /** The served certificate's SHA-256 fingerprint, colon-separated as the Proxmox UI shows it. */
  fingerprint: string;
  /** The served certificate's PEM, for a CA-file trust. */
  certificatePem: string;
  vms: FakeVm[];
  requests: { path: string; authorized: boolean; hadToken: boolean }[];
  fault(fault: FakeProxmoxFault): void;
  close(): Promise<void>;
};

/** A self-signed certificate for 127.0.0.1 (and localhost), as PEM key and certificate. */
export function makeCertificate(commonName = 'pve-fake'): { key: string; cert: string; fingerprint: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-pve-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert,
      fingerprint: new X509Certificate(cert).fingerprint256,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function json(status: number, body: unknown): { status: number; body: string } {
  return { status, body: JSON.stringify(body) };
}

export type FakeProxmoxOptions = {
  vms?: FakeVm[];
  // Read at each request instead of `vms`: the playground's VMs follow its simulated fleet.
  vmsFrom?: () => FakeVm[];
};

export async function startFakeProxmox(options: FakeProxmoxOptions = {}): Promise<FakeProxmox> {
  const { key, cert, fingerprint } = makeCertificate();
  const tokenId = 'omni-chatops@pve!readonly';
  const tokenSecret = '6f1c2b7e-0d3a-4c55-9e2f-8a41b7d0c9e3';
  const listed: FakeVm[] = [...(options.vms ?? [])];
  const requests: FakeProxmox['requests'] = [];
  const faults: FakeProxmoxFault[] = [];
  const hung: import('node:http').ServerResponse[] = [];

  const answer = (url: URL): { status: number; body: string } => {
    const vms = options.vmsFrom?.() ?? listed;
    if (url.pathname === '/api2/json/cluster/resources') {
      const data = vms
        .filter(() => url.searchParams.get('type') === 'vm')
        .map((vm) => ({
          id: `${vm.type ?? 'qemu'}/${vm.vmid}`,
          vmid: vm.vmid,
          name: vm.name,
          node: vm.node,
          status: vm.status,
          type: vm.type ?? 'qemu',
          template: vm.template ?? 0,
          uptime: vm.status === 'running' ? (vm.uptime ?? 3600) : 0,
          maxmem: 8589934592,
          ...(vm.tags && vm.tags.length > 0 ? { tags: vm.tags.join(';') } : {}),
        }));
      return json(200, { data });
    }
    const config = /^\/api2\/json\/nodes\/([^/]+)\/qemu\/(\d+)\/config$/.exec(url.pathname);
    if (config) {
      const vm = vms.find((v) => v.node === config[1] && v.vmid === Number(config[2]));
      if (!vm)
        return json(500, {
          data: null,
          message: `Configuration file 'nodes/${config[1]}/qemu-server/${config[2]}.conf' does not exist\n`,
        });
      return json(200, {
        data: {
          name: vm.name,
          ...(vm.machineId ? { smbios1: `uuid=${vm.machineId}` } : {}),
        },
      });
    }
    return json(501, { data: null, message: `Method '${url.pathname}' not implemented` });
  };

  const server: Server = createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const header = String(req.headers.authorization ?? '');
    const authorized = header === `PVEAPIToken=${tokenId}=${tokenSecret}`;
    requests.push({
      path: `${url.pathname}${url.search}`,
      authorized,
      hadToken: header.includes(tokenSecret),
    });
    const fault = faults[0];
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) faults.shift();
      if (fault.hang) {
        hung.push(res);
        return;
      }
      if (fault.status) {
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: null, message: `injected ${fault.status}` }));
        return;
      }
    }
    const { status, body } = authorized ? answer(url) : json(401, { data: null });
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `https://127.0.0.1:${port}`,
    tokenId,
    tokenSecret,
    fingerprint,
    certificatePem: cert,
    vms: listed,
    requests,
    fault: (fault) => faults.push({ ...fault }),
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The bot's PROXMOX_* settings for this fake: its URL, token and pinned certificate. */
export function proxmoxEnv(pve: FakeProxmox): Record<string, string> {
  return {
    PROXMOX_URL: pve.url,
    PROXMOX_TOKEN_ID: pve.tokenId,
    PROXMOX_TOKEN_SECRET: pve.tokenSecret,
    PROXMOX_TLS_FINGERPRINT: pve.fingerprint,
  };
}
