// `npm run demo`: the real bot against the Slack, Omni and provider-host stand-ins, and a page
// on 127.0.0.1 to drive it. Needs no configuration: `--scenario healthy` and `--port N` are optional.
import { parseArgs } from 'node:util';
import { createDemoSession } from './create-demo-session.js';
import { startDemoServer } from './demo-server.js';
import { isScenario, SCENARIOS } from './demo-workspace.js';

const USAGE = [
  'usage: npm run demo -- [--scenario talos-prod|healthy|stuck-vm-gone|stuck-vm-running] [--port N]',
  "  --scenario talos-prod        the runbook's problems: a machine stuck tearing down (its VM",
  '                               gone), a node caught by NodeRestriction, the provider down with',
  '                               an expired key (default)',
  '  --scenario healthy           a healthy fleet, for recover-cluster and sync-template',
  "  --scenario stuck-vm-gone     talos-prod with the stuck machine's VM gone in Proxmox and an",
  '                               orphan VM (removal runs on a plain Approve; /omni drift)',
  "  --scenario stuck-vm-running  talos-prod with the stuck machine's VM still running in Proxmox",
  '                               (the card warns; only Remove anyway runs it)',
  "  --port N                     the page's port on 127.0.0.1 (default: a free one)",
  '',
].join('\n');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'talos-prod' },
      port: { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const scenario = values.scenario;
  if (!isScenario(scenario))
    throw new Error(`unknown scenario "${scenario}" (one of ${SCENARIOS.join(', ')})\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port must be a port number (0-65535), not "${values.port}"\n${USAGE}`);
  // Each Reset starts a new bot in a new directory: say where its log is now.
  const session = await createDemoSession(scenario, undefined, (stack) =>
    process.stdout.write(`playground reset: scenario ${stack.scenario}; bot log: ${stack.logPath}\n`),
  );
  const server = await startDemoServer(session, port);
  const running = session.current();
  const proxmox = running?.stack.proxmox;
  process.stdout.write(
    [
      `omni-chatops playground: ${server.url}`,
      `  scenario ${scenario}; bot log: ${running?.stack.logPath ?? '-'}`,
      running?.stack.sshUnavailable
        ? `  SSH procedures off: ${running.stack.sshUnavailable}`
        : '  SSH procedures on (loopback sshd as the provider host)',
      proxmox?.pve
        ? `  Proxmox on (a fake API at ${proxmox.pve.url}; its VMs follow the fleet)`
        : `  Proxmox off: ${proxmox?.reason ?? '-'}`,
      '  Ctrl-C stops everything and removes its temporary files.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    Promise.all([server.close(), session.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`omni-chatops playground: ${(error as Error).message}\n`);
  process.exit(1);
});
