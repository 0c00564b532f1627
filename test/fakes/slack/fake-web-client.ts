import { webApi } from '@slack/bolt';
import { captureLogger } from './capture-logger.js';
import type { FakeSlack } from './fake-slack.js';

// The real @slack/web-api client (as Bolt builds it) pointed at the fake, without retries.
// `null` = no token at all.
export function fakeWebClient(fake: FakeSlack, token: string | null = fake.options.botToken) {
  return new webApi.WebClient(token ?? undefined, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 2000,
    logger: captureLogger(),
  });
}
