import { describe, expect, it } from 'vitest';
import { omnictlEnv } from './omnictl-env.js';

describe('omnictlEnv', () => {
  it('passes the allowlist and Omni settings, and nothing else', () => {
    const baseEnv = {
      PATH: '/usr/bin',
      HOME: '/home/bot',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      SLACK_BOT_TOKEN: 'xoxb-not-for-omnictl',
      SIDERO_SERVICE_ACCOUNT_KEY: 'would-win-over-ours',
      OMNI_SERVICE_ACCOUNT_KEY: 'a-stale-one-from-the-shell',
    };

    const env = omnictlEnv(baseEnv, {
      endpoint: 'https://acme.omni.siderolabs.io',
      serviceAccountKey: 'the-configured-key',
      configDir: '/var/lib/bot/omnictl',
    });

    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/bot',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      OMNI_ENDPOINT: 'https://acme.omni.siderolabs.io',
      OMNI_SERVICE_ACCOUNT_KEY: 'the-configured-key',
      OMNICONFIG: '/var/lib/bot/omnictl/config',
    });
  });
});
