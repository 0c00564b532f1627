import type { ProviderAssessment } from '../../procedures/diagnostics/assess-provider.js';
import { escapeMrkdwn, mrkdwn, plain, type SlackMessage } from './block-kit.js';
import { ago, slackDate } from './format-time.js';

// The likely cause first: at 3 a.m. "disconnected" alone sends people to restart a container
// whose key has expired.
function headline(p: ProviderAssessment): string {
  if (p.stateUnknown)
    return ':grey_question: *State unknown*: Omni did not say whether the provider is connected.';
  if (!p.found) return `:grey_question: *Omni knows no infra provider ${escapeMrkdwn(p.id)}*`;
  const expires = p.keyExpiresAt ? ` (${slackDate(p.keyExpiresAt)})` : '';
  const state = p.connected ? 'Connected' : 'Disconnected';
  const mark = p.connected ? (p.keyProblem ? ':warning:' : ':large_green_circle:') : ':red_circle:';
  if (p.keyProblem === 'expired') return `${mark} *${state}: the provider's key has expired*${expires}`;
  if (p.keyProblem === 'rejected') return `${mark} *${state}: Omni rejects the provider's key*`;
  if (p.keyProblem === 'expiring') return `${mark} *${state}; its key expires soon*${expires}`;
  if (!p.connected) {
    const beat = p.lastHeartbeat ? `: no heartbeat ${ago(p.heartbeatAgeMs)}` : '';
    return `${mark} *Disconnected: the provider stopped reporting*${beat}`;
  }
  return `${mark} *Connected*`;
}

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
      ? `${p.keyProblem === 'expired' ? 'expired ' : ''}${slackDate(p.keyExpiresAt)}`
      : 'no key listed'
    : 'unknown (needs Admin)';
  const lastError = p.error
    ? `\`${escapeMrkdwn(p.error.slice(0, 500))}\``
    : p.found && !p.connected
      ? 'none reported (a provider that stops reporting leaves no error)'
      : 'none';
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
      { type: 'section', text: mrkdwn(headline(p)) },
      {
        type: 'section',
        fields: [
          mrkdwn(`*State*\n${state}`),
          mrkdwn(`*Last heartbeat*\n${heartbeat}`),
          mrkdwn(`*Version*\n${escapeMrkdwn(p.version ?? 'not reported')}`),
          mrkdwn(`*Key expires*\n${key}`),
          mrkdwn(`*Last error*\n${lastError}`),
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
