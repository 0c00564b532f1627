import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../startup-error.js';
import { checkSlackToken } from './check-slack-tokens.js';

function slackRefusal(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), { data: { ok: false, error } });
}

function rig(answers: (Error | 'ok')[]) {
  const waits: number[] = [];
  let calls = 0;
  const run = () =>
    checkSlackToken({
      variable: 'SLACK_BOT_TOKEN',
      what: 'checking the bot token',
      apiUrl: 'https://slack.example.com/api/',
      call: async () => {
        const answer = answers[calls++] ?? 'ok';
        if (answer !== 'ok') throw answer;
      },
      delaysMs: [1_000, 2_000, 4_000],
      sleep: async (ms) => {
        waits.push(ms);
      },
      logger: pino({ level: 'silent' }),
    });
  return { run, waits, calls: () => calls };
}

describe('checkSlackToken', () => {
  it('retries a network failure with back-off and goes on once Slack answers', async () => {
    const refused = new Error('connect ECONNREFUSED 10.0.0.1:443');
    const { run, waits, calls } = rig([refused, refused, 'ok']);

    await run();

    expect(waits).toEqual([1_000, 2_000]);
    expect(calls()).toBe(3);
  });

  it('gives up after the last attempt with one line naming the host and SLACK_API_URL', async () => {
    const down = new Error('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
    });
    const { run, waits, calls } = rig([down, down, down, down, down]);

    const error = await run().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe(
      'could not reach Slack at slack.example.com while checking the bot token after 4 attempts: fetch failed: getaddrinfo ENOTFOUND. Check SLACK_API_URL and the network (proxy, firewall, DNS).',
    );
    expect((error as Error).message).not.toContain('\n');
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(calls()).toBe(4);
  });

  it.each(['invalid_auth', 'token_revoked', 'not_allowed_token_type'])(
    'stops at once when Slack refuses the token (%s), naming the variable',
    async (code) => {
      const { run, waits } = rig([slackRefusal(code)]);

      await expect(run()).rejects.toThrow(
        `Slack at slack.example.com refused SLACK_BOT_TOKEN (${code}): check SLACK_BOT_TOKEN`,
      );
      expect(waits).toEqual([]);
    },
  );
});
