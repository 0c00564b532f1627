import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig, secretValues } from './config.js';

const example = (file: string) =>
  parseEnv(readFileSync(new URL(file, import.meta.url), 'utf8')) as Record<string, string>;

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

  it('reads FREEZE_ON_START and TIMELINE_TOKEN (a secret: never echoed, at least 24 characters)', () => {
    const token = 'timeline-token-0123456789abcdef';
    const on = loadConfig({ ...valid, FREEZE_ON_START: 'true', TIMELINE_TOKEN: token });
    const short = loadConfig({ ...valid, TIMELINE_TOKEN: 'short-token-123' });
    const off = loadConfig(valid);

    expect(on.ok && on.config).toMatchObject({ freezeOnStart: true, timelineToken: token });
    expect(on.ok && secretValues(on.config)).toContain(token);
    expect(off.ok && off.config.freezeOnStart).toBe(false);
    expect(off.ok && 'timelineToken' in off.config).toBe(false);
    expect(short.ok).toBe(false);
    expect(JSON.stringify(short)).toContain('TIMELINE_TOKEN: must be at least 24 characters');
    expect(JSON.stringify(short)).not.toContain('short-token-123');
  });

  it('reads METRICS_ADDR as host:port and ALLOWED_TEAMS as workspace ids, and refuses other forms', () => {
    const result = loadConfig({
      ...valid,
      METRICS_ADDR: '127.0.0.1:9464',
      ALLOWED_TEAMS: 'T0PARTNER, E0ORG',
    });
    expect(result.ok && result.config).toMatchObject({
      metricsAddr: { host: '127.0.0.1', port: 9464 },
      allowedTeams: ['T0PARTNER', 'E0ORG'],
    });

    const bad = loadConfig({ ...valid, METRICS_ADDR: '9464', ALLOWED_TEAMS: 'acme' });
    expect(bad.ok ? [] : [...bad.problems].sort()).toEqual([
      'ALLOWED_TEAMS: must be comma-separated Slack workspace ids (T…) or organization ids (E…); not valid: acme',
      'METRICS_ADDR: must be host:port, e.g. 127.0.0.1:9464 (the address /metrics and /readyz listen on)',
    ]);
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

  describe('PROVIDER_SSH_CONNECT_TIMEOUT', () => {
    const host = {
      ...valid,
      PROVIDER_SSH_HOST: 'omni-provider',
      PROVIDER_SSH_KEY_FILE: '/run/secrets/provider_ssh_key',
      PROVIDER_SSH_HOST_KEY: 'SHA256:8dQlyQrbkrsGJa1lY/hMmFNFqwqzRSdMrw6XVVJB5nI',
    };

    it('defaults to 15 s and takes a duration', () => {
      const byDefault = loadConfig(host);
      const set = loadConfig({ ...host, PROVIDER_SSH_CONNECT_TIMEOUT: '45s' });

      expect(byDefault.ok && byDefault.config.provider.ssh?.connectTimeoutMs).toBe(15_000);
      expect(set.ok && set.config.provider.ssh?.connectTimeoutMs).toBe(45_000);
    });

    it.each(['0', 'soon', '1h'])('refuses %s by name', (value) => {
      const result = loadConfig({ ...host, PROVIDER_SSH_CONNECT_TIMEOUT: value });

      expect(result.ok).toBe(false);
      expect(!result.ok && result.problems.join('\n')).toContain('PROVIDER_SSH_CONNECT_TIMEOUT:');
    });
  });

  describe('the example files', () => {
    // What a newcomer fills in after `cp .env.example .env`: the placeholders and the empty key.
    const filled = {
      SLACK_BOT_TOKEN: 'xoxb-1234-5678-real',
      SLACK_APP_TOKEN: 'xapp-1-A0123-real',
      OMNI_ENDPOINT: 'https://example-co.omni.siderolabs.io',
      OMNI_SERVICE_ACCOUNT_KEY: 'c2VydmljZS1hY2NvdW50LWtleS12YWx1ZQ==',
      APPROVERS: 'U03BOBAPPR',
    };

    it('.env.example with only the real values filled in gives Socket Mode, the default', () => {
      const result = loadConfig({ ...example('../.env.example'), ...filled });

      expect(result.ok).toBe(true);
      expect(result.ok && result.config.slack.mode).toBe('socket');
    });

    // The README's quick start runs the bot with this file: it must need no database server.
    it('.env.example with only the real values filled in keeps the state in SQLite at STATE_DB, no DATABASE_URL', () => {
      const fromFile = example('../.env.example');
      const result = loadConfig({ ...fromFile, ...filled });

      expect(Object.keys(fromFile)).not.toContain('DATABASE_URL');
      expect(result.ok && result.config.database).toBeUndefined();
      expect(result.ok && result.config.stateDb).toBe('./data/omni-chatops.sqlite');
    });

    it.each(['../.env.example', '../deploy/omni-chatops.env.example'])(
      '%s left as it is: every placeholder refused by name as the example value',
      (file) => {
        const result = loadConfig({ ...example(file), OMNI_SERVICE_ACCOUNT_KEY: 'c2VydmljZS1rZXk=' });

        expect(result.ok).toBe(false);
        const problems = result.ok ? [] : result.problems;
        for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'OMNI_ENDPOINT', 'APPROVERS'])
          expect(problems).toContain(
            `${name}: is still the example value from .env.example; set the real one`,
          );
        expect(problems.join('\n')).not.toMatch(/replace-me|U0123456789/);
      },
    );

    it('refuses one placeholder left among real values, by name', () => {
      const result = loadConfig({
        ...example('../.env.example'),
        ...filled,
        SLACK_APP_TOKEN: 'xapp-replace-me',
      });

      expect(result).toEqual({
        ok: false,
        problems: ['SLACK_APP_TOKEN: is still the example value from .env.example; set the real one'],
      });
    });
  });

  describe('Proxmox', () => {
    const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
      (i * 7).toString(16).padStart(2, '0').toUpperCase(),
    ).join(':');
    const proxmox = {
      PROXMOX_URL: 'https://pve1.example:8006',
      PROXMOX_TOKEN_ID: 'omni-chatops@pve!readonly',
      PROXMOX_TOKEN_SECRET: '6f1c2b7e-0d3a-4c55-9e2f-8a41b7d0c9e3',
    };

    it('is off without PROXMOX_URL', () => {
      const result = loadConfig(valid);

      expect(result.ok && result.config.proxmox).toBeUndefined();
    });

    it('takes a URL, a token and a pinned fingerprint (or a CA file), and treats the secret as a secret', () => {
      const pinned = loadConfig({ ...valid, ...proxmox, PROXMOX_TLS_FINGERPRINT: FINGERPRINT });
      const withCa = loadConfig({ ...valid, ...proxmox, PROXMOX_CA_FILE: '/etc/ssl/pve-ca.pem' });

      expect(pinned.ok && pinned.config.proxmox).toEqual({
        url: 'https://pve1.example:8006',
        tokenId: 'omni-chatops@pve!readonly',
        tokenSecret: proxmox.PROXMOX_TOKEN_SECRET,
        trust: { fingerprint: FINGERPRINT },
      });
      expect(withCa.ok && withCa.config.proxmox?.trust).toEqual({ caFile: '/etc/ssl/pve-ca.pem' });
      expect(pinned.ok && secretValues(pinned.config)).toContain(proxmox.PROXMOX_TOKEN_SECRET);
    });

    it.each([
      [{ ...proxmox }, 'PROXMOX_TLS_FINGERPRINT: set it (the certificate’s fingerprint) or PROXMOX_CA_FILE'],
      [
        { ...proxmox, PROXMOX_TLS_FINGERPRINT: FINGERPRINT, PROXMOX_CA_FILE: '/ca.pem' },
        'exactly one of them',
      ],
      [{ PROXMOX_TOKEN_ID: proxmox.PROXMOX_TOKEN_ID }, 'PROXMOX_URL: is required when the other PROXMOX_'],
      [{ ...proxmox, PROXMOX_URL: 'http://pve1:8006' }, 'PROXMOX_URL: must be the Proxmox API base URL'],
      [
        { ...proxmox, PROXMOX_TOKEN_ID: 'root', PROXMOX_CA_FILE: '/ca.pem' },
        'PROXMOX_TOKEN_ID: must be an API token id',
      ],
      [
        { ...proxmox, PROXMOX_TLS_FINGERPRINT: 'AA:BB' },
        'PROXMOX_TLS_FINGERPRINT: must be the certificate’s SHA-256',
      ],
    ])(
      'refuses an incomplete or malformed setting, by name (%#), never echoing the secret',
      (env, problem) => {
        const result = loadConfig({ ...valid, ...env });

        expect(result.ok).toBe(false);
        const text = result.ok ? '' : result.problems.join('\n');
        expect(text).toContain(problem);
        expect(text).not.toContain(proxmox.PROXMOX_TOKEN_SECRET);
      },
    );
  });

  describe('DATABASE_URL (PostgreSQL, issue #16)', () => {
    const password = 'pg-s3cret/with%special';
    const url = `postgres://omni:${encodeURIComponent(password)}@db.internal:5432/omni_chatops`;

    it('is off by default: the state stays in STATE_DB', () => {
      const result = loadConfig(valid);

      expect(result.ok && result.config.database).toBeUndefined();
    });

    it('takes a postgres:// or postgresql:// URL and a pool size, and treats the password as a secret', () => {
      const result = loadConfig({ ...valid, DATABASE_URL: url, DATABASE_POOL_SIZE: '4' });
      const otherScheme = loadConfig({ ...valid, DATABASE_URL: 'postgresql://omni@db.internal/omni' });

      expect(result.ok && result.config.database).toEqual({ url, poolSize: 4 });
      expect(otherScheme.ok && otherScheme.config.database).toEqual({
        url: 'postgresql://omni@db.internal/omni',
        poolSize: 10,
      });
      // Both forms: as written in the URL (percent-encoded) and as the server sees it.
      expect(result.ok && secretValues(result.config)).toEqual(
        expect.arrayContaining([password, encodeURIComponent(password)]),
      );
    });

    it('treats a password given as a query parameter of DATABASE_URL as a secret too', () => {
      const inQuery = 'q&uery p@ss';
      const result = loadConfig({
        ...valid,
        DATABASE_URL: `postgres://omni@db.internal/omni?sslmode=require&password=${encodeURIComponent(inQuery)}`,
      });

      expect(result.ok && secretValues(result.config)).toEqual(
        expect.arrayContaining([inQuery, encodeURIComponent(inQuery)]),
      );
    });

    it.each([
      [
        { DATABASE_URL: `mysql://omni:${encodeURIComponent(password)}@db.internal/omni` },
        'DATABASE_URL: must be a postgres:// or postgresql:// URL',
      ],
      [
        { DATABASE_URL: `omni:${password}@db.internal` },
        'DATABASE_URL: must be a postgres:// or postgresql:// URL',
      ],
      [{ DATABASE_URL: `db.internal ${password}` }, 'DATABASE_URL: must be a URL such as postgres://'],
      [
        { DATABASE_URL: url, DATABASE_POOL_SIZE: '0' },
        'DATABASE_POOL_SIZE: must be a number of connections from 1 to 100',
      ],
      [{ DATABASE_URL: url, DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE: must be a number'],
      [{ DATABASE_POOL_SIZE: '5' }, 'DATABASE_POOL_SIZE: applies only with DATABASE_URL'],
    ])('refuses a malformed setting, by name (%#), never echoing the password', (env, problem) => {
      const result = loadConfig({ ...valid, ...env });

      expect(result.ok).toBe(false);
      const text = result.ok ? '' : result.problems.join('\n');
      expect(text).toContain(problem);
      expect(text).not.toContain(password);
      expect(text).not.toContain('s3cret');
    });
  });

  describe('REPLICA_ID and RUN_TAKEOVER_AFTER (several replicas, issue #16)', () => {
    const host = { hostname: 'bot-host-1.internal', pid: 4242 };

    it('default to <hostname>-<pid> and 30s', () => {
      const result = loadConfig(valid, host);

      expect(result.ok && result.config).toMatchObject({
        replicaId: 'bot-host-1.internal-4242',
        runTakeoverAfterMs: 30_000,
      });
    });

    it('take an id of up to 64 letters, digits, dots, underscores and hyphens, and a takeover of 10s or more', () => {
      const id = `Omni_chatops.a-${'x'.repeat(49)}`;
      const result = loadConfig({ ...valid, REPLICA_ID: id, RUN_TAKEOVER_AFTER: '10s' }, host);
      const longer = loadConfig({ ...valid, RUN_TAKEOVER_AFTER: '2m' }, host);

      expect(id).toHaveLength(64);
      expect(result.ok && result.config).toMatchObject({ replicaId: id, runTakeoverAfterMs: 10_000 });
      expect(longer.ok && longer.config.runTakeoverAfterMs).toBe(120_000);
    });

    it('reduce a hostname the id does not accept to one it does, keeping the pid', () => {
      const odd = loadConfig(valid, { hostname: 'büro host', pid: 7 });
      const long = loadConfig(valid, { hostname: 'h'.repeat(253), pid: 123456 });

      expect(odd.ok && odd.config.replicaId).toBe('b-ro-host-7');
      expect(long.ok && long.config.replicaId).toBe(`${'h'.repeat(57)}-123456`);
    });

    it.each([
      [{ REPLICA_ID: 'a'.repeat(65) }, 'REPLICA_ID: must be 1-64 characters of letters, digits, dot'],
      [{ REPLICA_ID: 'bot a' }, 'REPLICA_ID: must be 1-64 characters'],
      [{ REPLICA_ID: 'bot/1' }, 'REPLICA_ID: must be 1-64 characters'],
      [{ RUN_TAKEOVER_AFTER: '9s' }, 'RUN_TAKEOVER_AFTER: must be at least 10s'],
      [{ RUN_TAKEOVER_AFTER: '0' }, 'RUN_TAKEOVER_AFTER: must be at least 10s'],
      [{ RUN_TAKEOVER_AFTER: 'soon' }, 'RUN_TAKEOVER_AFTER: must be a duration such as 30s'],
    ])('refuse a malformed setting, by name (%#)', (env, problem) => {
      const result = loadConfig({ ...valid, ...env }, host);

      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.problems.join('\n')).toContain(problem);
    });
  });
});
