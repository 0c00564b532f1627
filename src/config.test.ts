import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-test-bot-token-1234567890',
  SLACK_SIGNING_SECRET: 'sign-secret-0123456789abcdef',
  OMNI_ENDPOINT: 'https://acme.omni.siderolabs.io',
  OMNI_SERVICE_ACCOUNT_KEY: 'c2VydmljZS1hY2NvdW50LWtleS12YWx1ZQ==',
  APPROVERS: 'U03BOBAPPR,S0APPROVERS',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const result = loadConfig(valid);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      slack: { mode: 'http', apiUrl: 'https://slack.com/api/' },
      port: 3000,
      omni: { path: 'omnictl', configDir: 'data/omnictl' },
      templatesDir: './clusters',
      snapshotsDir: 'data/snapshots',
      provider: { id: 'proxmox', composeDir: '/opt/omni-provider', envFile: '/opt/omni-provider/.env' },
      access: { operators: [], approvers: ['U03BOBAPPR', 'S0APPROVERS'], allowSelfApproval: false },
      approvalTtlMs: 15 * 60_000,
      stateDb: './data/omni-chatops.sqlite',
      watchIntervalMs: 60_000,
      stuckAfterMs: 10 * 60_000,
      dryRun: false,
      logLevel: 'info',
    });
  });

  it('switches to Socket Mode when an app token is set', () => {
    const result = loadConfig({ ...valid, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1-abc' });

    expect(result.ok && result.config.slack.mode).toBe('socket');
  });

  it('lists every problem at once and never echoes a secret', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xapp-oops-this-is-secret-value',
      OMNI_SERVICE_ACCOUNT_KEY: '',
      PORT: 'eighty',
      APPROVAL_TTL: 'soon',
      PROVIDER_SSH_HOST: 'omni-provider',
      INCIDENT_CHANNEL: '#incidents',
      OPERATORS: 'alice',
    };

    const result = loadConfig(env);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of [
      'SLACK_BOT_TOKEN',
      'OMNI_ENDPOINT',
      'OMNI_SERVICE_ACCOUNT_KEY',
      'PORT',
      'APPROVAL_TTL',
      'APPROVERS',
      'SLACK_SIGNING_SECRET',
      'PROVIDER_SSH_HOST_KEY',
      'PROVIDER_SSH_KEY_FILE',
      'INCIDENT_CHANNEL',
      'OPERATORS',
    ]) {
      expect(text).toContain(`${name}:`);
    }
    expect(text).not.toContain('xapp-oops-this-is-secret-value');
  });

  it.each([
    ['WATCH_INTERVAL', '0', 'watchIntervalMs', 0],
    ['STUCK_AFTER', '90s', 'stuckAfterMs', 90_000],
    ['APPROVAL_TTL', '1h', 'approvalTtlMs', 3_600_000],
  ] as const)('parses %s=%s', (name, value, key, expected) => {
    const result = loadConfig({ ...valid, [name]: value });

    expect(result.ok && result.config[key]).toBe(expected);
  });
});
