import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import { StartupError } from '../startup-error.js';

export type TokenCheck = {
  /** The environment variable holding the token, named in every message. */
  variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';
  /** What the check asks Slack, as said in the log ("checking the bot token"). */
  what: string;
  apiUrl: string;
  call: () => Promise<unknown>;
  /** Waits between attempts; their count bounds the start (the last attempt has none after it). */
  delaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
};

// What Slack says of a token it will never accept: retrying cannot help.
const REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'missing_scope',
]);

function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

// The transport's reason, down to the socket error (fetch and axios both hide it in `cause`).
function reasonOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    parts.push(
      typeof code === 'string' && !current.message.includes(code)
        ? `${current.message} (${code})`
        : current.message,
    );
    current = (current as { cause?: unknown }).cause ?? (current as { original?: unknown }).original;
  }
  return (parts.join(': ') || String(error)).replace(/\s+/g, ' ');
}

function hostOf(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}

// Start-up checks a token with bounded retries and says what it waits for, instead of retrying for ever.
export async function checkSlackToken(check: TokenCheck): Promise<void> {
  const host = hostOf(check.apiUrl);
  const attempts = check.delaysMs.length + 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await check.call();
      return;
    } catch (error) {
      const refused = slackError(error);
      if (refused !== undefined && REFUSED.has(refused)) {
        throw new StartupError(
          `Slack at ${host} refused ${check.variable} (${refused}): check ${check.variable} (the app's ${check.variable === 'SLACK_BOT_TOKEN' ? 'bot token, xoxb-…, from OAuth & Permissions' : 'app-level token, xapp-… with connections:write, from Basic Information'}).`,
        );
      }
      const reason = refused ?? reasonOf(error);
      const delay = check.delaysMs[attempt - 1];
      if (delay === undefined) {
        throw new StartupError(
          `could not reach Slack at ${host} while ${check.what} after ${attempts} attempts: ${reason}. Check SLACK_API_URL and the network (proxy, firewall, DNS).`,
        );
      }
      check.logger.warn(
        { host, attempt, attempts, retryInMs: delay, reason, variable: check.variable },
        `${check.what} with Slack failed; retrying`,
      );
      await check.sleep(delay);
    }
  }
}

export type SlackTokensCheck = {
  slack: { mode: 'socket' | 'http'; botToken: string; appToken?: string; apiUrl: string };
  clientOptions: WebClientOptions;
  logger: Logger;
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  requestTimeoutMs?: number;
};

/** The bot token (and in Socket Mode the app token) checked with Slack; the bot's identity. */
export async function checkSlackTokens(
  options: SlackTokensCheck,
): Promise<{ botId: string; botUserId: string; teamId: string }> {
  const { slack, logger } = options;
  // Its own client: the shared one retries for minutes, which is right for messages, not for a start.
  const client = (token: string) =>
    new WebClient(token, {
      slackApiUrl: slack.apiUrl,
      ...options.clientOptions,
      retryConfig: { retries: 0 },
      timeout: options.requestTimeoutMs ?? 5_000,
    });
  const check = {
    apiUrl: slack.apiUrl,
    delaysMs: options.delaysMs ?? [1_000, 2_000, 4_000, 8_000],
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    logger,
  };
  logger.info({ host: hostOf(slack.apiUrl) }, 'checking the bot token with Slack');
  let auth: { bot_id?: string; user_id?: string; team_id?: string } = {};
  await checkSlackToken({
    ...check,
    variable: 'SLACK_BOT_TOKEN',
    what: 'checking the bot token',
    call: async () => {
      auth = await client(slack.botToken).auth.test();
    },
  });
  const appToken = slack.appToken;
  if (slack.mode === 'socket' && appToken) {
    await checkSlackToken({
      ...check,
      variable: 'SLACK_APP_TOKEN',
      what: 'checking the app-level token (Socket Mode)',
      call: () => client(appToken).apps.connections.open(),
    });
  }
  return {
    botId: String(auth.bot_id ?? ''),
    botUserId: String(auth.user_id ?? ''),
    teamId: String(auth.team_id ?? ''),
  };
}
