import type { FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { type FakeProxmox, proxmoxEnv } from '../test/fakes/proxmox/start-fake-proxmox.js';
import type { FakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import type { SshTestHost } from '../test/support/ssh/start-ssh-test-host.js';
import { APPROVERS, INCIDENT_CHANNEL } from './demo-workspace.js';

// Not a secret: it only signs requests between the page's server and the bot, both on 127.0.0.1.
export const DEMO_SIGNING_SECRET = 'omni-chatops-playground-signing-secret';

export type DemoParts = {
  slack: FakeSlack;
  omni: FakeOmni;
  host: SshTestHost | undefined;
  // Without it the bot runs as anywhere PROXMOX_URL is unset: "Proxmox is not configured".
  pve: FakeProxmox | undefined;
  stateDb: string;
  templatesDir: string;
};

// The environment the bot would read in production, filled in for the playground.
export function demoEnv(parts: DemoParts): Record<string, string | undefined> {
  const ssh = parts.host;
  return {
    SLACK_BOT_TOKEN: parts.slack.options.botToken,
    SLACK_SIGNING_SECRET: DEMO_SIGNING_SECRET,
    SLACK_API_URL: parts.slack.apiUrl,
    PORT: '0',
    OMNICTL_PATH: parts.omni.path,
    ...parts.omni.env,
    APPROVERS: APPROVERS.join(','),
    INCIDENT_CHANNEL,
    // Half the default: the incident channel's first alerts come sooner, and the page counts down to them.
    WATCH_INTERVAL: '30s',
    STATE_DB: parts.stateDb,
    CLUSTER_TEMPLATES_DIR: parts.templatesDir,
    LOG_LEVEL: 'debug',
    // The fake's URL, read-only token and pinned certificate fingerprint (TLS checking stays on).
    ...(parts.pve ? proxmoxEnv(parts.pve) : {}),
    ...(ssh
      ? {
          PROVIDER_SSH_HOST: ssh.target.host,
          PROVIDER_SSH_PORT: String(ssh.target.port),
          PROVIDER_SSH_USER: ssh.user,
          PROVIDER_SSH_KEY_FILE: ssh.target.keyFile,
          PROVIDER_SSH_HOST_KEY: ssh.target.hostKey,
          PROVIDER_COMPOSE_DIR: ssh.composeDir,
        }
      : {}),
  };
}
