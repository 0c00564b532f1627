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

  it('passes the proxy and CA settings a corporate network needs, in both spellings', () => {
    const baseEnv = {
      PATH: '/usr/bin',
      HTTPS_PROXY: 'http://proxy.corp:3128',
      http_proxy: 'http://proxy.corp:3128',
      no_proxy: '.corp,127.0.0.1',
      SSL_CERT_FILE: '/etc/ssl/corp-ca.pem',
      SSL_CERT_DIR: '/etc/ssl/certs',
      PROVIDER_SSH_KEY_FILE: '/run/secrets/provider_ssh_key',
      SLACK_APP_TOKEN: 'xapp-not-for-omnictl',
    };

    const env = omnictlEnv(baseEnv, { endpoint: 'https://omni', serviceAccountKey: 'k', configDir: '/c' });

    expect(env).toEqual({
      PATH: '/usr/bin',
      HTTPS_PROXY: 'http://proxy.corp:3128',
      http_proxy: 'http://proxy.corp:3128',
      no_proxy: '.corp,127.0.0.1',
      SSL_CERT_FILE: '/etc/ssl/corp-ca.pem',
      SSL_CERT_DIR: '/etc/ssl/certs',
      OMNI_ENDPOINT: 'https://omni',
      OMNI_SERVICE_ACCOUNT_KEY: 'k',
      OMNICONFIG: '/c/config',
    });
  });
});
