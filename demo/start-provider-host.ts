import { fileURLToPath } from 'node:url';
import type { FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { findSshd } from '../test/support/ssh/find-sshd.js';
import { type SshTestHost, startSshTestHost } from '../test/support/ssh/start-ssh-test-host.js';

const ADMIN = fileURLToPath(new URL('../test/fakes/omnictl/admin.mjs', import.meta.url));

export type ProviderHost = { host: SshTestHost } | { host: undefined; reason: string };

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

// The simulated provider host: a loopback sshd whose `docker` only records the call and tells the
// simulator the provider is back. Without sshd the demo runs on, minus the SSH procedures.
export async function startProviderHost(omni: FakeOmni, find = findSshd): Promise<ProviderHost> {
  if (find() === undefined)
    return { host: undefined, reason: 'sshd (openssh-server) is not installed on this machine' };
  let host: SshTestHost | undefined;
  try {
    host = await startSshTestHost();
  } catch (error) {
    return { host: undefined, reason: `the loopback sshd did not start: ${(error as Error).message}` };
  }
  if (!host) return { host: undefined, reason: 'sshd (openssh-server) is not installed on this machine' };
  // The session's PATH is minimal, so the stand-in names node by its full path.
  await host.setDockerBehaviour({
    onCall: {
      command: `${quote(process.execPath)} ${quote(ADMIN)} set-provider-connected true`,
      env: { FAKE_OMNI_STATE: omni.statePath },
    },
  });
  return { host };
}
