import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';

const CORPORATE = {
  HTTPS_PROXY: 'http://proxy.corp.example:3128',
  https_proxy: 'http://proxy.corp.example:3128',
  NO_PROXY: '.corp.example,127.0.0.1',
  SSL_CERT_FILE: '/etc/ssl/corp-ca.pem',
  SSL_CERT_DIR: '/etc/ssl/corp-certs',
};
const NOT_FOR_OMNICTL = {
  SLACK_BOT_TOKEN: 'xoxb-must-not-reach-omnictl',
  SLACK_APP_TOKEN: 'xapp-must-not-reach-omnictl',
  PROVIDER_SSH_KEY_FILE: '/run/secrets/provider_ssh_key',
  PROVIDER_SSH_HOST: 'provider.corp.example',
};

let harness: Harness | undefined;
let saved: NodeJS.ProcessEnv | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  if (saved) process.env = saved;
  saved = undefined;
});

describe('the environment omnictl runs with', () => {
  it('carries the proxy and CA settings the bot was started with, and none of its Slack or SSH settings', async () => {
    saved = { ...process.env };
    Object.assign(process.env, CORPORATE, NOT_FOR_OMNICTL);
    harness = await startHarness();

    await harness.command('provider-status');
    await harness.slack.waitFor('chat.postMessage', { timeoutMs: 10_000 });
    const env = await harness.omni.readEnv();

    expect(env).toMatchObject(CORPORATE);
    for (const name of Object.keys(NOT_FOR_OMNICTL)) expect(env).not.toHaveProperty(name);
    expect(JSON.stringify(env)).not.toMatch(/must-not-reach-omnictl|provider_ssh_key/);
  });
});
