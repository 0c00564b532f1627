import { VIEW } from '../action-ids.js';
import { escapeMrkdwn, plain } from './block-kit.js';

// What the modal carries back: the request, and the channel to answer in when the approval is
// refused (a view submission has no channel of its own). A bare request id is a modal opened
// before the channel was added: its refusal is logged only.
export function pasteKeyMetadata(text: string): { requestId: string; channel?: string } {
  if (!text.startsWith('{')) return { requestId: text };
  try {
    const parsed = JSON.parse(text) as { requestId?: unknown; channel?: unknown };
    return {
      requestId: typeof parsed.requestId === 'string' ? parsed.requestId : '',
      channel: typeof parsed.channel === 'string' ? parsed.channel : undefined,
    };
  } catch {
    return { requestId: '' };
  }
}

// A plain-text input: Slack shows what is typed, but the bot never echoes, logs or stores it.
export function pasteKeyModal(requestId: string, channel?: string) {
  return {
    type: 'modal' as const,
    callback_id: VIEW.pasteKey,
    private_metadata: channel === undefined ? requestId : JSON.stringify({ requestId, channel }),
    title: plain('Approve key rotation', 24),
    submit: plain('Approve and run', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Paste the provider's new key (\`OMNI_SERVICE_ACCOUNT_KEY\` from Omni) to approve request \`${escapeMrkdwn(requestId)}\`. It goes only into the provider's env file.`,
        },
      },
      {
        type: 'input',
        block_id: 'key',
        label: plain('New provider key', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: false, min_length: 40 },
      },
    ],
  };
}
