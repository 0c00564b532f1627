import { request } from 'node:https';
import { openTrustedSocket, type ProxmoxTrust } from './open-trusted-socket.js';
import { ProxmoxError } from './proxmox-error.js';
import {
  type ClusterVm,
  ClusterVm as ClusterVmSchema,
  ClusterVms,
  smbiosUuid,
  VmConfig,
} from './proxmox-resources.js';

export type ProxmoxSettings = {
  url: string;
  // `user@realm!tokenid` and its secret: a read-only API token (PVEAuditor).
  tokenId: string;
  tokenSecret: string;
  trust: ProxmoxTrust;
};

export type ProxmoxClient = {
  /** Every VM and container of the Proxmox cluster, in one read. Malformed entries are skipped. */
  listVms(signal?: AbortSignal): Promise<ClusterVm[]>;
  /** A VM's SMBIOS UUID (the Omni machine id the provider gave it), from its config. */
  vmMachineId(node: string, vmid: number, signal?: AbortSignal): Promise<string | undefined>;
};

const MAX_BODY = 32 * 1024 * 1024;

function statusFailure(status: number, host: string, body: string): ProxmoxError {
  if (status === 401)
    return new ProxmoxError(
      'token-rejected',
      `Proxmox at ${host} rejected the API token (401). Check PROXMOX_TOKEN_ID and PROXMOX_TOKEN_SECRET.`,
    );
  if (status === 403)
    return new ProxmoxError(
      'forbidden',
      `The Proxmox API token may not read this (403): give it the PVEAuditor role on / (README, Proxmox).`,
    );
  // Proxmox puts the reason in the status line or `message`; never the token.
  const reason = /"message"\s*:\s*"([^"]{1,200})"/.exec(body)?.[1] ?? '';
  return new ProxmoxError(
    'server-error',
    `Proxmox at ${host} answered ${status}${reason ? `: ${reason.trim()}` : ''}.`,
  );
}

/** A read-only Proxmox API client: GETs only, with a pinned certificate or a CA, bounded in time and size. */
export function createProxmoxClient(
  settings: ProxmoxSettings,
  options: { timeoutMs?: number } = {},
): ProxmoxClient {
  const base = new URL(settings.url);
  const host = base.host;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authorization = `PVEAPIToken=${settings.tokenId}=${settings.tokenSecret}`;

  async function get(path: string, signal?: AbortSignal): Promise<unknown> {
    const deadline = AbortSignal.timeout(timeoutMs);
    const both = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const socket = await openTrustedSocket({ url: base, trust: settings.trust, timeoutMs, signal: both });
    return new Promise((resolve, reject) => {
      const fail = (error: ProxmoxError) => {
        both.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(error);
      };
      const onAbort = () =>
        fail(
          deadline.aborted
            ? new ProxmoxError(
                'timeout',
                `Proxmox at ${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
              )
            : new ProxmoxError('aborted', 'The Proxmox read was stopped.'),
        );
      both.addEventListener('abort', onAbort, { once: true });
      const req = request(
        {
          method: 'GET',
          host: base.hostname,
          port: base.port || 443,
          path: `/api2/json${path}`,
          headers: { authorization, accept: 'application/json' },
          // No agent: the request goes over this socket, already proven to be the trusted host.
          createConnection: () => socket,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY)
              return fail(
                new ProxmoxError('bad-response', `Proxmox at ${host} sent more than 32 MB for ${path}.`),
              );
            chunks.push(chunk);
          });
          res.on('error', (error) =>
            fail(new ProxmoxError('unreachable', `Proxmox at ${host}: ${error.message}`)),
          );
          res.on('end', () => {
            both.removeEventListener('abort', onAbort);
            socket.destroy();
            const body = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) return reject(statusFailure(status, host, body));
            try {
              resolve(JSON.parse(body));
            } catch {
              reject(
                new ProxmoxError(
                  'bad-response',
                  `Proxmox at ${host} sent something that is not JSON for ${path}.`,
                ),
              );
            }
          });
        },
      );
      req.on('error', (error) =>
        fail(new ProxmoxError('unreachable', `Proxmox at ${host}: ${error.message}`)),
      );
      req.end();
    });
  }

  return {
    async listVms(signal) {
      const parsed = ClusterVms.safeParse(await get('/cluster/resources?type=vm', signal));
      if (!parsed.success)
        throw new ProxmoxError('bad-response', `Proxmox at ${host} sent a VM list the bot cannot read.`);
      return parsed.data.data.flatMap((item) => {
        const vm = ClusterVmSchema.safeParse(item);
        return vm.success ? [vm.data] : [];
      });
    },
    async vmMachineId(node, vmid, signal) {
      if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(node) || !Number.isInteger(vmid))
        throw new ProxmoxError(
          'bad-response',
          `Not a Proxmox node and VM id: ${JSON.stringify(node)}/${vmid}`,
        );
      const parsed = VmConfig.safeParse(await get(`/nodes/${node}/qemu/${vmid}/config`, signal));
      if (!parsed.success)
        throw new ProxmoxError('bad-response', `Proxmox at ${host} sent a VM config the bot cannot read.`);
      return smbiosUuid(parsed.data.data.smbios1);
    },
  };
}
