// `npm run demo`: the real bot against the Slack, Omni and provider-host stand-ins, and a page
// on 127.0.0.1 to drive it. Needs no configuration: `--scenario healthy` and `--port N` are optional.
import { parseArgs } from 'node:util';
import { createDemoSession } from './create-demo-session.js';
import { startDemoServer } from './demo-server.js';
import { isScenario, type Scenario } from './demo-workspace.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scenario: { type: 'string', default: 'talos-prod' }, port: { type: 'string', default: '0' } },
  });
  const scenario: Scenario = isScenario(values.scenario) ? values.scenario : 'talos-prod';
  const session = await createDemoSession(scenario);
  const server = await startDemoServer(session, Number(values.port));
  const running = session.current();
  process.stdout.write(
    [
      `omni-chatops playground: ${server.url}`,
      `  scenario ${scenario}; bot log: ${running?.stack.logPath ?? '-'}`,
      running?.stack.sshUnavailable
        ? `  SSH procedures off: ${running.stack.sshUnavailable}`
        : '  SSH procedures on (loopback sshd as the provider host)',
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
