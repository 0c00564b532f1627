import type { ProviderAssessment } from '../../procedures/assess-provider.js';
import { escapeMrkdwn, mrkdwn, plain, type SlackMessage } from './block-kit.js';
import { ago, slackDate } from './format-time.js';

export function providerStatusView(p: ProviderAssessment): SlackMessage {
  const state = p.stateUnknown
    ? ':grey_question: could not be read'
    : !p.found
      ? ':grey_question: unknown to Omni'
      : p.connected
        ? ':large_green_circle: connected'
        : ':red_circle: disconnected';
  const heartbeat = p.lastHeartbeat
    ? `${slackDate(p.lastHeartbeat)} (${ago(p.heartbeatAgeMs)} ago)`.replace('for ', '')
    : p.heartbeatUnknown
      ? 'could not be read'
      : 'never';
  const key = p.keyExpiryKnown
    ? p.keyExpiresAt
      ? slackDate(p.keyExpiresAt)
      : 'no key listed'
    : 'unknown (needs Admin)';
  const connection = p.stateUnknown
    ? 'state unknown'
    : p.found
      ? p.connected
        ? 'connected'
        : 'disconnected'
      : 'unknown';
  const unread = p.unread ?? [];
  const text = `Infra provider ${escapeMrkdwn(p.id)}: ${connection}${unread.length > 0 ? ` (partial answer: ${unread.length} read${unread.length === 1 ? '' : 's'} failed)` : ''}`;
  return {
    text,
    blocks: [
      { type: 'header', text: plain(`Infra provider ${p.id}`, 150) },
      {
        type: 'section',
        fields: [
          mrkdwn(`*State*\n${state}`),
          mrkdwn(`*Last heartbeat*\n${heartbeat}`),
          mrkdwn(`*Version*\n${escapeMrkdwn(p.version ?? 'not reported')}`),
          mrkdwn(`*Key expires*\n${key}`),
          mrkdwn(`*Last error*\n${p.error ? `\`${escapeMrkdwn(p.error.slice(0, 500))}\`` : 'none'}`),
        ],
      },
      ...(unread.length > 0
        ? [
            {
              type: 'section' as const,
              text: mrkdwn(
                `*Partial answer*\n${unread.map((note) => `:warning: ${escapeMrkdwn(note)}`).join('\n')}`,
              ),
            },
          ]
        : []),
      ...(p.hints.length > 0
        ? [
            {
              type: 'section' as const,
              text: mrkdwn(p.hints.map((h) => `:bulb: ${escapeMrkdwn(h)}`).join('\n')),
            },
          ]
        : []),
    ],
  };
}
