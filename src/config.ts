import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  databasePasswords,
  databaseProblems,
  databaseSettings,
  databaseUrlProblem,
} from './config/database-settings.js';
import { exampleValues } from './config/example-values.js';
import { parseDuration } from './config/parse-duration.js';
import { PRINCIPAL_ID, parsePrincipalList } from './config/principal-list.js';
import { proxmoxProblems, proxmoxSettings } from './config/proxmox-settings.js';
import {
  defaultReplicaId,
  type HostIdentity,
  MIN_TAKEOVER_MS,
  REPLICA_ID,
  REPLICA_ID_PROBLEM,
  TAKEOVER_PROBLEM,
} from './config/replica-settings.js';

// The only reader of the environment: every part receives its slice of `Config`. Over 300 lines
// because the one zod schema names every variable (the README table, one to one); the checks that
// span variables live in config/ (proxmox-settings.ts, example-values.ts).
export type Config = {
  slack: {
    mode: 'socket' | 'http';
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    apiUrl: string;
  };
  port: number;
  // host:port for /metrics and /readyz, apart from the Slack port; unset: served on `port`.
  metricsAddr?: { host: string; port: number };
  // Workspaces whose requests are served besides the one the bot token belongs to (auth.test).
  allowedTeams: string[];
  omni: { path: string; endpoint: string; serviceAccountKey: string; configDir: string };
  templatesDir: string;
  // Read-only copies of the templates that requested procedures run from (next to the database).
  snapshotsDir: string;
  provider: {
    id: string;
    composeDir: string;
    envFile: string;
    ssh?: {
      host: string;
      port: number;
      user: string;
      keyFile?: string;
      hostKey: string;
      connectTimeoutMs: number;
    };
  };
  // Read-only Proxmox API access, to check Omni's view against the VMs (issue #15); optional.
  proxmox?: {
    url: string;
    tokenId: string;
    tokenSecret: string;
    trust: { fingerprint: string } | { caFile: string };
  };
  incidentChannel?: string;
  access: { operators: string[]; approvers: string[]; allowSelfApproval: boolean };
  approvalTtlMs: number;
  // recover-cluster needs this many approvers; from 2 on, none of them is the requester.
  recoverApprovals: number;
  stateDb: string;
  // PostgreSQL instead of the STATE_DB file (issue #16); its URL holds a password (secretValues).
  database?: { url: string; poolSize: number };
  // This process among the replicas sharing the database: in every log line (issue #16).
  replicaId: string;
  // How long a run's owner may miss heartbeats before another replica takes the run over.
  runTakeoverAfterMs: number;
  watchIntervalMs: number;
  stuckAfterMs: number;
  dryRun: boolean;
  // Start frozen (issue #18): for a bot deployed during an incident review.
  freezeOnStart: boolean;
  // GET /timeline/<id>.md on the HTTP port needs this bearer token; off when unset.
  timelineToken?: string;
  logLevel: string;
};

type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const duration = (fallback: string) =>
  optionalText.transform((value, ctx) => {
    const ms = parseDuration(value ?? fallback);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 15m or 1h (or 0)' });
      return z.NEVER;
    }
    return ms;
  });

const boolean = optionalText.transform((value, ctx) => {
  if (value === undefined) return false;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  ctx.addIssue({ code: 'custom', message: 'must be true or false' });
  return z.NEVER;
});

const principals = optionalText.transform((value, ctx) => {
  const ids = parsePrincipalList(value);
  const bad = ids.filter((id) => !PRINCIPAL_ID.test(id));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be comma-separated Slack user ids (U…, W…) or user-group ids (S…); not valid: ${bad.join(', ')}`,
    });
    return z.NEVER;
  }
  return ids;
});

const Env = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the bot token, xoxb-…)' })
    .refine((v) => v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'must be an app-level token starting with xapp-',
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\/\S+$/.test(v),
    'must be an http(s) URL',
  ),
  PORT: optionalText.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) < 65536),
    'must be a port number (0-65535)',
  ),
  METRICS_ADDR: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port >= 0 && port < 65536)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be host:port, e.g. 127.0.0.1:9464 (the address /metrics and /readyz listen on)',
      });
      return z.NEVER;
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  }),
  ALLOWED_TEAMS: optionalText.transform((value, ctx) => {
    const ids = (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const bad = ids.filter((id) => !/^[TE][A-Z0-9]{2,}$/.test(id));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be comma-separated Slack workspace ids (T…) or organization ids (E…); not valid: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return ids;
  }),
  OMNICTL_PATH: optionalText,
  OMNI_ENDPOINT: z
    .string({ error: 'is required (the Omni API URL, e.g. https://acme.omni.siderolabs.io)' })
    .refine((v) => /^(https?|grpc):\/\/\S+$/.test(v.trim()), 'must be a URL (https://…, grpc://…)'),
  OMNI_SERVICE_ACCOUNT_KEY: z
    .string({ error: 'is required (the bot’s Omni service-account key)' })
    .refine((v) => v.trim().length > 0, 'must not be empty'),
  CLUSTER_TEMPLATES_DIR: optionalText,
  PROVIDER_SSH_HOST: optionalText,
  PROVIDER_SSH_PORT: optionalText.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536),
    'must be a port number (1-65535)',
  ),
  PROVIDER_SSH_USER: optionalText,
  PROVIDER_SSH_KEY_FILE: optionalText,
  PROVIDER_SSH_HOST_KEY: optionalText.refine(
    (v) => v === undefined || /^SHA256:[A-Za-z0-9+/]{43}=?$/.test(v),
    'must be a host key fingerprint as `ssh-keygen -lf` prints it (SHA256:…)',
  ),
  // How long to wait for the provider host's SSH handshake before the step fails with a hint.
  PROVIDER_SSH_CONNECT_TIMEOUT: duration('15s').refine(
    (ms) => ms >= 1_000 && ms <= 300_000,
    'must be between 1s and 5m',
  ),
  PROVIDER_COMPOSE_DIR: optionalText.refine(
    (v) => v === undefined || path.isAbsolute(v),
    'must be an absolute path',
  ),
  PROVIDER_ENV_FILE: optionalText.refine(
    (v) => v === undefined || path.isAbsolute(v),
    'must be an absolute path',
  ),
  PROXMOX_URL: optionalText.refine(
    (v) => v === undefined || /^https:\/\/[^\s/]+(:\d+)?\/?$/.test(v),
    'must be the Proxmox API base URL, https://host:8006',
  ),
  PROXMOX_TOKEN_ID: optionalText.refine(
    (v) => v === undefined || /^[^@\s!]+@[^@\s!]+![A-Za-z][A-Za-z0-9_.-]*$/.test(v),
    'must be an API token id, user@realm!tokenid',
  ),
  PROXMOX_TOKEN_SECRET: optionalText,
  PROXMOX_TLS_FINGERPRINT: optionalText.refine(
    (v) => v === undefined || /^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/.test(v),
    'must be the certificate’s SHA-256 fingerprint as the Proxmox UI shows it (AA:BB:…, 32 bytes)',
  ),
  PROXMOX_CA_FILE: optionalText,
  PROVIDER_ID: optionalText.refine(
    (v) => v === undefined || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v),
    'must be a provider id such as proxmox',
  ),
  INCIDENT_CHANNEL: optionalText.refine(
    (v) => v === undefined || /^[CG][A-Z0-9]{2,}$/.test(v),
    'must be a channel id (C…), not a #name',
  ),
  OPERATORS: principals,
  APPROVERS: principals.refine((ids) => ids.length > 0, {
    message: 'is required: who may approve (Slack user ids U… or user-group ids S…)',
  }),
  ALLOW_SELF_APPROVAL: boolean,
  RECOVER_CLUSTER_APPROVALS: optionalText.refine(
    (v) => v === undefined || /^[1-5]$/.test(v),
    'must be a number of approvers from 1 to 5',
  ),
  APPROVAL_TTL: duration('15m').refine((ms) => ms > 0, 'must be longer than 0'),
  STATE_DB: optionalText,
  DATABASE_URL: optionalText.superRefine((value, ctx) => {
    const problem = value === undefined ? undefined : databaseUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  DATABASE_POOL_SIZE: optionalText.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100),
    'must be a number of connections from 1 to 100',
  ),
  REPLICA_ID: optionalText.refine((v) => v === undefined || REPLICA_ID.test(v), REPLICA_ID_PROBLEM),
  RUN_TAKEOVER_AFTER: duration('30s').refine((ms) => ms >= MIN_TAKEOVER_MS, TAKEOVER_PROBLEM),
  WATCH_INTERVAL: duration('60s'),
  STUCK_AFTER: duration('10m'),
  DRY_RUN: boolean,
  FREEZE_ON_START: boolean,
  TIMELINE_TOKEN: optionalText.refine(
    (v) => v === undefined || v.length >= 24,
    'must be at least 24 characters (a random token), or unset to turn GET /timeline off',
  ),
  LOG_LEVEL: optionalText.refine(
    (v) => v === undefined || ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v),
    'must be one of fatal, error, warn, info, debug, trace, silent',
  ),
});

type Env = z.infer<typeof Env>;

// Checks that span several variables; zod's per-field checks cannot see them.
function crossProblems(raw: Record<string, string | undefined>): string[] {
  const env = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, value?.trim() ? value.trim() : undefined]),
  );
  const problems: string[] = [];
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET: is required in HTTP mode (set SLACK_APP_TOKEN instead to use Socket Mode)',
    );
  }
  if (env.PROVIDER_SSH_HOST && !env.PROVIDER_SSH_HOST_KEY) {
    problems.push('PROVIDER_SSH_HOST_KEY: is required when PROVIDER_SSH_HOST is set (pin the host key)');
  }
  problems.push(...proxmoxProblems(env), ...databaseProblems(env));
  if (env.PROVIDER_SSH_HOST && !env.PROVIDER_SSH_KEY_FILE) {
    problems.push('PROVIDER_SSH_KEY_FILE: is required when PROVIDER_SSH_HOST is set');
  }
  return problems;
}

function toConfig(env: Env, host: HostIdentity): Config {
  const composeDir = env.PROVIDER_COMPOSE_DIR ?? '/opt/omni-provider';
  const stateDb = env.STATE_DB ?? './data/omni-chatops.sqlite';
  return {
    slack: {
      mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      apiUrl: env.SLACK_API_URL ?? 'https://slack.com/api/',
    },
    port: env.PORT === undefined ? 3000 : Number(env.PORT),
    ...(env.METRICS_ADDR ? { metricsAddr: env.METRICS_ADDR } : {}),
    allowedTeams: env.ALLOWED_TEAMS,
    omni: {
      path: env.OMNICTL_PATH ?? 'omnictl',
      endpoint: env.OMNI_ENDPOINT.trim(),
      serviceAccountKey: env.OMNI_SERVICE_ACCOUNT_KEY.trim(),
      // omnictl rewrites its config file on every call, so it gets a private writable place.
      configDir: path.join(path.dirname(stateDb), 'omnictl'),
    },
    templatesDir: env.CLUSTER_TEMPLATES_DIR ?? './clusters',
    snapshotsDir: path.join(path.dirname(stateDb), 'snapshots'),
    provider: {
      id: env.PROVIDER_ID ?? 'proxmox',
      composeDir,
      envFile: env.PROVIDER_ENV_FILE ?? path.posix.join(composeDir, '.env'),
      ssh: env.PROVIDER_SSH_HOST
        ? {
            host: env.PROVIDER_SSH_HOST,
            port: env.PROVIDER_SSH_PORT ? Number(env.PROVIDER_SSH_PORT) : 22,
            user: env.PROVIDER_SSH_USER ?? 'root',
            keyFile: env.PROVIDER_SSH_KEY_FILE,
            hostKey: env.PROVIDER_SSH_HOST_KEY ?? '',
            connectTimeoutMs: env.PROVIDER_SSH_CONNECT_TIMEOUT,
          }
        : undefined,
    },
    ...proxmoxSettings(env),
    incidentChannel: env.INCIDENT_CHANNEL,
    access: {
      operators: env.OPERATORS,
      approvers: env.APPROVERS,
      allowSelfApproval: env.ALLOW_SELF_APPROVAL,
    },
    approvalTtlMs: env.APPROVAL_TTL,
    recoverApprovals: env.RECOVER_CLUSTER_APPROVALS ? Number(env.RECOVER_CLUSTER_APPROVALS) : 2,
    stateDb,
    ...databaseSettings(env),
    replicaId: env.REPLICA_ID ?? defaultReplicaId(host),
    runTakeoverAfterMs: env.RUN_TAKEOVER_AFTER,
    watchIntervalMs: env.WATCH_INTERVAL,
    stuckAfterMs: env.STUCK_AFTER,
    dryRun: env.DRY_RUN,
    freezeOnStart: env.FREEZE_ON_START,
    ...(env.TIMELINE_TOKEN ? { timelineToken: env.TIMELINE_TOKEN } : {}),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

// Lists every problem at once; a message names the variable and what is wrong, never its value.
// `host` gives the default REPLICA_ID (this process's hostname and pid unless a test says otherwise).
export function loadConfig(
  env: Record<string, string | undefined>,
  host: HostIdentity = { hostname: os.hostname(), pid: process.pid },
): ConfigResult {
  const examples = exampleValues(env);
  const exampleProblems = examples.map(
    (name) => `${name}: is still the example value from .env.example; set the real one`,
  );
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .filter((issue) => !examples.includes(String(issue.path[0])))
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    problems.push(...crossProblems(env), ...exampleProblems);
    return { ok: false, problems: [...new Set(problems)].sort() };
  }
  const problems = [...crossProblems(env), ...exampleProblems].sort();
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: toConfig(parsed.data, host) };
}

export function secretValues(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.appToken,
    config.slack.signingSecret,
    config.omni.serviceAccountKey,
    config.proxmox?.tokenSecret,
    ...databasePasswords(config.database),
    config.timelineToken,
  ].filter((value): value is string => typeof value === 'string' && value.length >= 6);
}
